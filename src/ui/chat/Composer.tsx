import { Suspense, useMemo, useRef, useState, type ClipboardEvent, type FormEvent, type KeyboardEvent } from 'react'
import { attachmentLimits, type OutboxAttachment } from '../../store'
import { defineMessages, formatBytes } from '../../i18n'
import { actions, useApp } from '../useApp'
import { lazyScreen, type Translator, useText } from '../useText'
import { AttachmentRefused, toAttachment } from './attachments'
import type { SlashKeys } from './SlashMenu'

// The slash-command menu loads when a draft first starts with "/".
const SlashMenu = lazyScreen('sessions', () => import('./SlashMenu').then((module) => module.SlashMenu))

const TEXT = defineMessages('chat.composer', {
  notImage: '{name} is not an image; only images can be attached.',
  imageTooBig: '{name} is {size}; this gateway accepts images up to {limit}.',
  totalTooBig: 'Attachments would total {size}; this gateway accepts up to {limit} per message.',
  pastedImage: 'The pasted image',
  notAttached: 'That file could not be attached.',
  attached: 'Attached images',
  remove: 'Remove {name}',
  attach: 'Attach image',
  message: 'Message',
  stop: 'Stop',
  send: 'Send',
  starting: 'Starting a new chat… Send is available once it is open.',
})

function refusalText(t: Translator<keyof typeof TEXT.en>, cause: unknown): string {
  if (!(cause instanceof AttachmentRefused)) return t('notAttached')
  const values = { name: cause.fileName || t('pastedImage'), size: formatBytes(cause.bytes), limit: formatBytes(cause.limitBytes) }
  return t(cause.reason === 'not-image' ? 'notImage' : cause.reason === 'image-too-big' ? 'imageTooBig' : 'totalTooBig', values)
}

const NO_ATTACHMENTS: OutboxAttachment[] = []

/** Enter sends, Shift+Enter adds a line. Usable offline: messages queue in the outbox. */
export function Composer({ gatewayId, isStreaming }: { gatewayId: string; isStreaming: boolean }) {
  const draft = useApp((s) => s.chats[gatewayId]?.draft ?? '')
  const status = useApp((s) => s.statuses[gatewayId])
  // Right after "New chat" the new session has no key yet: sending would reach the previous one.
  const isStartingSession = useApp((s) => s.chats[gatewayId]?.isStartingSession ?? false)
  const limits = useMemo(() => attachmentLimits(status), [status])
  // In the store, not here: a message the device could not save puts its images back.
  const attachments = useApp((s) => s.chats[gatewayId]?.attachments ?? NO_ATTACHMENTS)
  const setAttachments = (change: (current: OutboxAttachment[]) => OutboxAttachment[]) =>
    actions().setAttachments(gatewayId, change(actions().chats[gatewayId]?.attachments ?? NO_ATTACHMENTS))
  const [error, setError] = useState<string | null>(null)
  const picker = useRef<HTMLInputElement>(null)
  const slash = useRef<SlashKeys>(null)
  const t = useText(TEXT)

  const addFiles = async (files: File[], origin: 'file' | 'paste') => {
    setError(null)
    let total = attachments.reduce((sum, a) => sum + a.sizeBytes, 0)
    const added: OutboxAttachment[] = []
    for (const file of files) {
      try {
        const attachment = await toAttachment(file, origin, limits, total)
        total += attachment.sizeBytes
        added.push(attachment)
      } catch (cause) {
        setError(refusalText(t, cause))
      }
    }
    if (added.length) setAttachments((current) => [...current, ...added])
  }

  const send = () => {
    if (isStartingSession || (!draft.trim() && attachments.length === 0)) return
    // The store takes the text and images from the composer at once (see sendMessage).
    void actions().sendMessage(gatewayId)
    setError(null)
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
  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const images = Array.from(event.clipboardData.files).filter((file) => file.type.startsWith('image/'))
    if (images.length === 0) return
    event.preventDefault()
    void addFiles(images, 'paste')
  }

  return (
    <form className="composer" onSubmit={onSubmit}>
      {error && (
        <p className="composer-error" role="alert">
          {error}
        </p>
      )}
      {attachments.length > 0 && (
        <ul className="attachments" aria-label={t('attached')}>
          {attachments.map((attachment, index) => (
            <li key={`${attachment.fileName}-${index}`}>
              <img src={`data:${attachment.mimeType};base64,${attachment.content}`} alt={attachment.fileName} className="thumb" />
              <button
                type="button"
                onClick={() => setAttachments((current) => current.filter((_, i) => i !== index))}
                aria-label={t('remove', { name: attachment.fileName })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {draft.startsWith('/') && (
        <Suspense fallback={null}>
          <SlashMenu gatewayId={gatewayId} draft={draft} textareaId="composer-text" keys={slash} />
        </Suspense>
      )}
      <div className="composer-row">
        <button type="button" onClick={() => picker.current?.click()} aria-label={t('attach')}>
          <svg aria-hidden="true" width="20" height="20" viewBox="0 0 20 20" className="icon">
            <path d="M10 4v12M4 10h12" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </svg>
        </button>
        <input
          ref={picker}
          type="file"
          accept="image/*"
          multiple
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          data-testid="attach-input"
          onChange={(event) => {
            void addFiles(Array.from(event.target.files ?? []), 'file')
            event.target.value = ''
          }}
        />
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
          onPaste={onPaste}
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
