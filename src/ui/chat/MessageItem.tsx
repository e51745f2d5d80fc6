import { lazy, Suspense, type ComponentType } from 'react'
import type { ChatItem } from '../../store'
import { actions } from '../useApp'
import { loadMarkdown } from './markdown/loadMarkdown'
import { isPlainReply, PlainParagraphs, RawReply } from './markdown/PlainReply'

// Fetched the first time a reply has Markdown in it. If it cannot be (offline on a build that is not
// cached yet), such replies stay raw text.
const Markdown = lazy<ComponentType<{ text: string }>>(() => loadMarkdown().catch(() => ({ default: RawReply })))

const PHASES: Record<string, string> = {
  preparing_workspace: 'Preparing the workspace…',
  preparing_context: 'Preparing the context…',
  memory_flushing: 'Saving memory…',
  starting_model: 'Starting the model…',
  provisioning_environment: 'Setting up the environment…',
  running_setup: 'Running setup…',
  creating_worktree: 'Creating a worktree…',
  naming_worktree: 'Naming the worktree…',
}

function userStateText(item: Extract<ChatItem, { kind: 'user' }>, isConnected: boolean): string {
  switch (item.state) {
    case 'queued':
      return isConnected ? 'Queued' : 'Will send when connected'
    case 'sending':
      return 'Sending…'
    case 'sent':
      return 'Sent'
    case 'answered':
      return ''
    case 'failed':
      return `Not sent: ${item.error ?? 'the gateway refused it'}`
  }
}

const ERROR_KINDS: Record<string, string> = {
  refusal: 'The model declined to answer.',
  timeout: 'The model took too long to answer.',
  rate_limit: 'The model provider is limiting requests right now; try again in a moment.',
  context_length: 'This conversation is too long for the model; start a new chat.',
  unknown: 'The reply failed.',
}

function replyStateText(item: Extract<ChatItem, { kind: 'reply' }>): string {
  if (item.state === 'streaming') return item.text ? '' : (PHASES[item.phase ?? ''] ?? 'Thinking…')
  if (item.state === 'aborted') return 'Stopped'
  if (item.state === 'error') {
    const words = ERROR_KINDS[item.errorKind ?? 'unknown'] ?? ERROR_KINDS.unknown
    return item.error ? `${words} (${item.error})` : words!
  }
  return ''
}

export function MessageItem({ gatewayId, item, isConnected }: { gatewayId: string; item: ChatItem; isConnected: boolean }) {
  const stateText = item.kind === 'user' ? userStateText(item, isConnected) : replyStateText(item)
  return (
    <li className={`message message-${item.kind} state-${item.state}`} data-state={item.state} data-item-id={item.id}>
      {item.kind === 'user' && item.images && item.images.length > 0 && (
        <ul className="message-images" aria-label="Images">
          {item.images.map((image, index) => (
            <li key={index}>
              <img src={image.src} alt={image.name} className="thumb" />
            </li>
          ))}
        </ul>
      )}
      {item.kind === 'user' && !item.images && item.imageCount ? (
        <p className="image-note">
          {item.imageCount === 1 ? 'An image was attached' : `${item.imageCount} images were attached`}
        </p>
      ) : null}
      {item.text &&
        (item.kind === 'reply' ? (
          isPlainReply(item.text) ? (
            <PlainParagraphs text={item.text} />
          ) : (
            // Until the renderer has arrived the reply shows as raw text.
            <Suspense fallback={<RawReply text={item.text} />}>
              <Markdown text={item.text} />
            </Suspense>
          )
        ) : (
          <p className="message-text">{item.text}</p>
        ))}
      {stateText && <p className="message-state">{stateText}</p>}
      {item.kind === 'user' && item.state === 'failed' && (
        <div className="row">
          <button type="button" onClick={() => void actions().retryMessage(gatewayId, item.id)}>
            Retry
          </button>
          <button type="button" onClick={() => void actions().discardMessage(gatewayId, item.id)}>
            Discard
          </button>
        </div>
      )}
    </li>
  )
}
