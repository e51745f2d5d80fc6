/** How the node screens name each command and what the agent did, in the user's words. */
import { defineMessages, formatTime as formatClock, translate } from '../../i18n'
import type { ConsentAnswer, InvocationEntry } from '../../store'

type CommandText = { label: string; detail: string; asked: string }

export const COMMAND_TEXT = defineMessages('node.commands', {
  infoLabel: 'Device facts',
  infoDetail: 'Browser, system, screen, language and app version.',
  infoAsked: 'The agent asked for this device’s facts at {time}',
  statusLabel: 'Device status',
  statusDetail: 'Battery, network, and whether the app is on screen.',
  statusAsked: 'The agent asked for this device’s status at {time}',
  locationLabel: 'Location',
  locationDetail: 'Off until you switch it on. Then you are asked each time (or allow it for 1 hour).',
  locationAsked: 'The agent asked for your location at {time}',
  notifyLabel: 'Notifications',
  notifyDetail: 'Messages from the agent as notifications on this device.',
  notifyAsked: 'The agent sent you a notification at {time}',
  cameraListLabel: 'Camera list',
  cameraListDetail: 'Which cameras this device has.',
  cameraListAsked: 'The agent asked which cameras this device has at {time}',
  snapLabel: 'Camera photos',
  snapDetail: 'Off until you switch it on. Then you see the camera and allow or deny each photo, only while the app is open.',
  snapAsked: 'The agent asked for a photo from your camera at {time}',
  otherAsked: 'The agent asked for {command} at {time}',
  running: '{request} — working on it…',
  sent: '{request} — sent',
  switchedOff: '{request} — not sent: switched off on this device',
  failed: '{request} — not sent: {reason} ({code})',
  failedUnknown: 'it failed',
  withDetail: '{request} ({detail})',
  answered: '{request} — {answer} at {time}',
  allowOnce: 'you allowed it once',
  allowHour: 'you allowed it for 1 hour',
  grant: 'allowed by your 1-hour permission',
  deny: 'you denied it',
  unanswered: 'you did not answer, so it was denied',
  precise: 'precise',
  balanced: 'approximate',
  coarse: 'coarse',
  front: 'front camera',
  back: 'back camera',
})

const ANSWER_KEYS: Record<ConsentAnswer, Key> = {
  'allow-once': 'allowOnce',
  'allow-hour': 'allowHour',
  grant: 'grant',
  deny: 'deny',
  unanswered: 'unanswered',
}
const DETAIL_KEYS: Record<string, Key> = { precise: 'precise', balanced: 'balanced', coarse: 'coarse', front: 'front', back: 'back' }

type Key = keyof typeof COMMAND_TEXT.en
const KEYS: Record<string, string> = {
  'device.info': 'info',
  'device.status': 'status',
  'location.get': 'location',
  'system.notify': 'notify',
  'camera.list': 'cameraList',
  'camera.snap': 'snap',
}

/** A command's name and description, and what the agent did with it ({time} is filled in by describeInvocation). */
export function commandText(command: string): CommandText {
  const key = KEYS[command]
  if (!key) return { label: command, detail: '', asked: '' }
  const say = (suffix: string) => translate(COMMAND_TEXT, `${key}${suffix}` as Key)
  return { label: say('Label'), detail: say('Detail'), asked: say('Asked') }
}

const SWITCHED_OFF_CODES = new Set(['LOCATION_DISABLED', 'CAMERA_DISABLED'])

/** A clock time in the app's language (14:02, 2:02 PM). */
export const formatTime = (atMs: number): string => formatClock(atMs)

/** "The agent asked for your location at 14:02 — sent". */
export function describeInvocation(entry: InvocationEntry): string {
  const time = formatTime(entry.atMs)
  const key = KEYS[entry.command]
  const asked = key ? translate(COMMAND_TEXT, `${key}Asked` as Key, { time }) : translate(COMMAND_TEXT, 'otherAsked', { command: entry.command, time })
  const detailKey = entry.detail ? DETAIL_KEYS[entry.detail] : undefined
  const withDetail = detailKey ? translate(COMMAND_TEXT, 'withDetail', { request: asked, detail: translate(COMMAND_TEXT, detailKey) }) : asked
  // What the user answered on the consent sheet, and when: the log names it with the request.
  const request = entry.consent
    ? translate(COMMAND_TEXT, 'answered', {
        request: withDetail,
        answer: translate(COMMAND_TEXT, ANSWER_KEYS[entry.consent.answer]),
        time: formatTime(entry.consent.atMs),
      })
    : withDetail
  switch (entry.state) {
    case 'running':
      return translate(COMMAND_TEXT, 'running', { request })
    case 'sent':
      return translate(COMMAND_TEXT, 'sent', { request })
    case 'failed': {
      const switchedOff = SWITCHED_OFF_CODES.has(entry.code ?? '') || entry.message?.includes('switched off')
      if (switchedOff) return translate(COMMAND_TEXT, 'switchedOff', { request })
      return translate(COMMAND_TEXT, 'failed', { request, reason: entry.message ?? translate(COMMAND_TEXT, 'failedUnknown'), code: entry.code ?? 'ERROR' })
    }
  }
}
