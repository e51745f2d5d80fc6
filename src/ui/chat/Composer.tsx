import { useState, type FormEvent, type KeyboardEvent } from 'react'
import { actions } from '../useApp'

/** Enter sends, Shift+Enter adds a line. Usable offline: messages queue in the outbox. */
export function Composer({ gatewayId, isStreaming }: { gatewayId: string; isStreaming: boolean }) {
  const [text, setText] = useState('')
  const send = () => {
    if (!text.trim()) return
    const message = text
    setText('')
    void actions().sendMessage(gatewayId, message)
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
  return (
    <form className="composer" onSubmit={onSubmit}>
      <label htmlFor="composer-text" className="visually-hidden">
        Message
      </label>
      <textarea id="composer-text" rows={1} placeholder="Message" value={text} onChange={(event) => setText(event.target.value)} onKeyDown={onKeyDown} />
      {isStreaming && (
        <button type="button" onClick={() => void actions().abortRun(gatewayId)}>
          Stop
        </button>
      )}
      <button type="submit" className="primary" disabled={!text.trim()}>
        Send
      </button>
    </form>
  )
}
