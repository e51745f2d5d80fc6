/**
 * The note on a message the device could not store: why, and that it went back to the composer.
 * A chunk of its own with its text (the 'problems' part): most sessions never draw it, and the chat
 * screen's first load must not carry it.
 */
import type { ChatItem } from '../../store'
import { defineMessages } from '../../i18n'
import { useText } from '../useText'

const TEXT = defineMessages('problems.notSaved', {
  notSaved: 'Not saved on this device: {reason}. It is back in the message box; nothing was sent.',
  storageFailed: 'the browser storage failed',
  storageFull: 'the device storage is full',
  outboxUnreadable: 'the messages queued on this device cannot be read (see Diagnostics)',
})

export function NotSavedNote({ item }: { item: Extract<ChatItem, { kind: 'user' }> }) {
  const t = useText(TEXT)
  // The browser's own words when it gave any (as a gateway's reason is the gateway's).
  const reason = item.saveFailure === 'full' ? t('storageFull') : item.saveFailure === 'unreadable' ? t('outboxUnreadable') : (item.error ?? t('storageFailed'))
  return (
    <p className="message-state" role="alert">
      {t('notSaved', { reason })}
    </p>
  )
}
