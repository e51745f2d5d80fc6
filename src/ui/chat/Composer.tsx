import { Suspense, useRef, type FormEvent, type KeyboardEvent } from 'react'
import type { OutboxAttachment } from '../../store'
import { defineMessages } from '../../i18n'
import { actions, useApp } from '../useApp'
import { lazyScreen, useText } from '../useText'
import type { SlashKeys } from './SlashMenu'

// Attachments (and what comes with them) are not on the first screen: they load right after it.
const ComposerTools = lazyScreen('compose', () => import('./ComposerTools').then((module) => module.ComposerTools))
// The slash-command menu loads when a draft first starts with "/".
const SlashMenu = lazyScreen('sessions', () => import('./SlashMenu').then((module) => module.SlashMenu))

const TEXT = defineMessages('chat.composer', {
  message: 'Message',
  stop: 'Stop',
  send: 'Send',
  starting: 'Starting a new chat… Send is available once it is open.',
})

const NO_ATTACHMENTS: OutboxAttachment[] = []

/** Enter sends, Shift+Enter adds a line. Usable offline: messages queue in the outbox. */
export function Composer({ gatewayId, isStreaming }: { gatewayId: string; isStreaming: boolean }) {
  const draft = useApp((s) => s.chats[gatewayId]?.draft ?? '')
  // Right after "New chat" the new session has no key yet: sending would reach the previous one.
  const isStartingSession = useApp((s) => s.chats[gatewayId]?.isStartingSession ?? false)
  const attachments = useApp((s) => s.chats[gatewayId]?.attachments ?? NO_ATTACHMENTS)
  const slash = useRef<SlashKeys>(null)
  const t = useText(TEXT)

  const send = () => {
    if (isStartingSession || (!draft.trim() && attachments.length === 0)) return
    // The store takes the text and images from the composer at once (see sendMessage).
    void actions().sendMessage(gatewayId)
  }
  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    send()
  }
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (slash.current?.onKey(event)) return
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault()
      send()
    }
  }
  return (
    <form className="composer" onSubmit={onSubmit}>
      <Suspense fallback={null}>
        <ComposerTools gatewayId={gatewayId} textareaId="composer-text" />
      </Suspense>
      {draft.startsWith('/') && (
        <Suspense fallback={null}>
          <SlashMenu gatewayId={gatewayId} draft={draft} textareaId="composer-text" keys={slash} />
        </Suspense>
      )}
      <div className="composer-row">
        <label htmlFor="composer-text" className="visually-hidden">
          {t('message')}
        </label>
        <textarea
          id="composer-text"
          rows={1}
          placeholder={t('message')}
          value={draft}
          onChange={(event) => actions().setDraft(gatewayId, event.target.value)}
          onKeyDown={onKeyDown}
        />
        {isStreaming && (
          <button type="button" onClick={() => void actions().abortRun(gatewayId)}>
            {t('stop')}
          </button>
        )}
        <button type="submit" className="primary" disabled={isStartingSession || (!draft.trim() && attachments.length === 0)}>
          {t('send')}
        </button>
      </div>
      <p className="composer-note" role="status">
        {isStartingSession ? t('starting') : ''}
      </p>
    </form>
  )
}
