import { useMemo, useRef, useState, type ClipboardEvent, type FormEvent, type KeyboardEvent } from 'react'
import { attachmentLimits, type OutboxAttachment } from '../../store'
import { actions, useApp } from '../useApp'
import { toAttachment } from './attachments'

/** Enter sends, Shift+Enter adds a line. Usable offline: messages queue in the outbox. */
export function Composer({ gatewayId, isStreaming }: { gatewayId: string; isStreaming: boolean }) {
  const draft = useApp((s) => s.chats[gatewayId]?.draft ?? '')
  const status = useApp((s) => s.statuses[gatewayId])
  // Right after "New chat" the new session has no key yet: sending would reach the previous one.
  const isStartingSession = useApp((s) => s.chats[gatewayId]?.isStartingSession ?? false)
  const limits = useMemo(() => attachmentLimits(status), [status])
  const [attachments, setAttachments] = useState<OutboxAttachment[]>([])
  const [error, setError] = useState<string | null>(null)
  const picker = useRef<HTMLInputElement>(null)

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
        setError(cause instanceof Error ? cause.message : 'That file could not be attached.')
      }
    }
    if (added.length) setAttachments((current) => [...current, ...added])
  }

  const send = () => {
    if (isStartingSession || (!draft.trim() && attachments.length === 0)) return
    void actions().sendMessage(gatewayId, draft, attachments)
    setAttachments([])
    setError(null)
  }
  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    send()
  }
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
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
        <ul className="attachments" aria-label="Attached images">
          {attachments.map((attachment, index) => (
            <li key={`${attachment.fileName}-${index}`}>
              <img src={`data:${attachment.mimeType};base64,${attachment.content}`} alt={attachment.fileName} className="thumb" />
              <button type="button" onClick={() => setAttachments((current) => current.filter((_, i) => i !== index))} aria-label={`Remove ${attachment.fileName}`}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="composer-row">
        <button type="button" onClick={() => picker.current?.click()} aria-label="Attach image">
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
          Message
        </label>
        <textarea
          id="composer-text"
          rows={1}
          placeholder="Message"
          value={draft}
          onChange={(event) => actions().setDraft(gatewayId, event.target.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
        />
        {isStreaming && (
          <button type="button" onClick={() => void actions().abortRun(gatewayId)}>
            Stop
          </button>
        )}
        <button type="submit" className="primary" disabled={isStartingSession || (!draft.trim() && attachments.length === 0)}>
          Send
        </button>
      </div>
      <p className="composer-note" role="status">
        {isStartingSession ? 'Starting a new chat… Send is available once it is open.' : ''}
      </p>
    </form>
  )
}
