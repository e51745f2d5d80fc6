/**
 * The words a notification shows (the service worker reads them from the gateway's push record:
 * it has no catalogs of its own). Written whenever notifications are turned on and when the
 * language changes, so a push reads in the language the app was last used in.
 */
import type { NoticeTexts } from '../../store'
import { defineMessages, translate } from '../../i18n'

const TEXT = defineMessages('notifications.notice', {
  approval: 'The agent asks for your approval.',
  approvalResolved: 'A request was answered or is no longer waiting.',
  question: 'The agent has a question for you.',
  finished: 'The agent finished its reply.',
  failed: 'A task failed and needs your attention.',
  test: 'Notifications from this gateway work.',
  other: 'Something needs your attention.',
})

export const noticeTexts = (): NoticeTexts => ({
  approval: translate(TEXT, 'approval'),
  approvalResolved: translate(TEXT, 'approvalResolved'),
  question: translate(TEXT, 'question'),
  finished: translate(TEXT, 'finished'),
  failed: translate(TEXT, 'failed'),
  test: translate(TEXT, 'test'),
  other: translate(TEXT, 'other'),
})
