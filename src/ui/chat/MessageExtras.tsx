import { useState } from 'react'
import type { ChatItem } from '../../store'
import { defineMessages, formatDateTime, formatTime } from '../../i18n'
import { copyToClipboard } from '../copyToClipboard'
import { actions } from '../useApp'
import { useText } from '../useText'
import { useTimesShown } from './messageTimes'
import { ToolActivity } from './ToolActivity'
import './messageExtras.css'

const TEXT = defineMessages('sessions.message', {
  retry: 'Retry',
  discard: 'Discard',
  copy: 'Copy',
  copied: 'Copied',
  copyFailed: 'Select the text and copy it by hand',
  whole: 'Show the whole reply',
  loadingWhole: 'Loading the whole reply…',
  wholeFailed: 'The whole reply could not be loaded ({reason}).',
})

/**
 * What a message shows and offers besides its text, loaded after the transcript: above the text
 * (`before`) the tool calls a reply made; below it its time when the reader turned times on, Copy,
 * Retry and Discard for one not sent, and the whole text of a reply the gateway's history cut short.
 */
export function MessageExtras({ gatewayId, item, place = 'after' }: { gatewayId: string; item: ChatItem; place?: 'before' | 'after' }) {
  const t = useText(TEXT)
  const showTimes = useTimesShown()
  const [note, setNote] = useState('')
  const [whole, setWhole] = useState<'idle' | 'loading' | 'failed'>('idle')
  const [reason, setReason] = useState('')
  const isPending = item.kind === 'user' ? item.state === 'failed' || item.state === 'unsaved' : item.state === 'streaming'

  const copy = async () => {
    setNote(t((await copyToClipboard(item.text)) ? 'copied' : 'copyFailed'))
    setTimeout(() => setNote(''), 2000)
  }
  const readWhole = async () => {
    setWhole('loading')
    try {
      await (await actions().sessionControls()).readWholeMessage(gatewayId, item.id)
      setWhole('idle')
    } catch (cause) {
      setReason(cause instanceof Error ? cause.message : String(cause))
      setWhole('failed')
    }
  }

  if (place === 'before') return item.kind === 'reply' ? <ToolActivity gatewayId={gatewayId} item={item} /> : null
  return (
    <div className="message-extras">
      {showTimes && item.timestamp !== undefined && (
        <time className="message-time" dateTime={new Date(item.timestamp).toISOString()} title={formatDateTime(item.timestamp)}>
          {formatTime(item.timestamp)}
        </time>
      )}
      {item.kind === 'user' && isPending && (
        <>
          <button type="button" onClick={() => void actions().retryMessage(gatewayId, item.id)}>
            {t('retry')}
          </button>
          <button type="button" onClick={() => void actions().discardMessage(gatewayId, item.id)}>
            {t('discard')}
          </button>
        </>
      )}
      {item.kind === 'reply' && item.truncated && (
        <button type="button" disabled={whole === 'loading'} onClick={() => void readWhole()}>
          {whole === 'loading' ? t('loadingWhole') : t('whole')}
        </button>
      )}
      {item.text && !isPending && (
        // An icon with a name, no text: the message's text (what tests and screen readers read of it) stays its own.
        <button type="button" className="quiet" aria-label={t('copy')} title={t('copy')} onClick={() => void copy()}>
          <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16" className="icon">
            <rect x="5" y="5" width="9" height="9" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
            <path d="M11 3.5V3a1 1 0 0 0-1-1H3a1 1 0 0 0-1 1v7a1 1 0 0 0 1 1h.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
          </svg>
        </button>
      )}
      <span className="muted" role="status">
        {note}
      </span>
      {whole === 'failed' && (
        <p className="error-message" role="alert">
          {t('wholeFailed', { reason })}
        </p>
      )}
    </div>
  )
}
