import { lazy, Suspense, type ComponentType } from 'react'
import type { ChatItem } from '../../store'
import { defineMessages } from '../../i18n'
import { lazyScreen, type Translator, useText } from '../useText'
import { loadMarkdown } from './markdown/loadMarkdown'
import { isPlainReply, PlainParagraphs, RawReply } from './markdown/PlainReply'

// Fetched the first time a reply has Markdown in it. If it cannot be (offline on a build that is not
// cached yet), such replies stay raw text.
// Rare (the device refused to store a message): its note and text load when one shows.
const NotSavedNote = lazyScreen('problems', () => import('./NotSavedNote').then((module) => module.NotSavedNote))
const Markdown = lazy<ComponentType<{ text: string }>>(() => loadMarkdown().catch(() => ({ default: RawReply })))
// Tool calls (above the text); the time, Copy, Retry and Discard, the whole of a cut reply (below): loaded after the transcript is drawn.
const MessageExtras = lazyScreen('sessions', () => import('./MessageExtras').then((module) => module.MessageExtras))

const TEXT = defineMessages('chat.message', {
  preparing_workspace: 'Preparing the workspace…',
  preparing_context: 'Preparing the context…',
  memory_flushing: 'Saving memory…',
  starting_model: 'Starting the model…',
  provisioning_environment: 'Setting up the environment…',
  running_setup: 'Running setup…',
  creating_worktree: 'Creating a worktree…',
  naming_worktree: 'Naming the worktree…',
  thinking: 'Thinking…',
  queued: 'Queued',
  willSend: 'Will send when connected',
  sending: 'Sending…',
  sent: 'Sent',
  notSent: 'Not sent: {reason}',
  refused: 'the gateway refused it',
  refusal: 'The model declined to answer.',
  timeout: 'The model took too long to answer.',
  rate_limit: 'The model provider is limiting requests right now; try again in a moment.',
  context_length: 'This conversation is too long for the model; start a new chat.',
  unknown: 'The reply failed.',
  errorDetail: '{words} ({detail})',
  stopped: 'Stopped',
  images: 'Images',
  imagesAttached: '{count, plural, one {An image was attached} other {# images were attached}}',
})
type Key = keyof typeof TEXT.en
const isKey = (key: string): key is Key => Object.hasOwn(TEXT.en, key)

function userStateText(t: Translator<Key>, item: Extract<ChatItem, { kind: 'user' }>, isConnected: boolean): string {
  switch (item.state) {
    case 'unsaved':
      return '' // NotSavedNote says it
    case 'saving':
    case 'queued':
      return isConnected ? t('queued') : t('willSend')
    case 'sending':
      return t('sending')
    case 'sent':
      return t('sent')
    case 'answered':
      return ''
    case 'failed':
      return t('notSent', { reason: item.error ?? t('refused') })
  }
}

const PHASES = new Set([
  'preparing_workspace',
  'preparing_context',
  'memory_flushing',
  'starting_model',
  'provisioning_environment',
  'running_setup',
  'creating_worktree',
  'naming_worktree',
])
const ERROR_KINDS = new Set(['refusal', 'timeout', 'rate_limit', 'context_length'])

function replyStateText(t: Translator<Key>, item: Extract<ChatItem, { kind: 'reply' }>): string {
  if (item.state === 'streaming') return item.text ? '' : t(item.phase && PHASES.has(item.phase) && isKey(item.phase) ? item.phase : 'thinking')
  if (item.state === 'aborted') return t('stopped')
  if (item.state === 'error') {
    const words = t(item.errorKind && ERROR_KINDS.has(item.errorKind) ? (item.errorKind as Key) : 'unknown')
    return item.error ? t('errorDetail', { words, detail: item.error }) : words
  }
  return ''
}

export function MessageItem({ gatewayId, item, isConnected }: { gatewayId: string; item: ChatItem; isConnected: boolean }) {
  const t = useText(TEXT)
  const stateText = item.kind === 'user' ? userStateText(t, item, isConnected) : replyStateText(t, item)
  return (
    <li className={`message message-${item.kind} state-${item.state}`} data-state={item.state} data-item-id={item.id}>
      <Suspense fallback={null}>
        <MessageExtras gatewayId={gatewayId} item={item} place="before" />
      </Suspense>
      {item.kind === 'user' && item.images && item.images.length > 0 && (
        <ul className="message-images" aria-label={t('images')}>
          {item.images.map((image, index) => (
            <li key={index}>
              <img src={image.src} alt={image.name} className="thumb" />
            </li>
          ))}
        </ul>
      )}
      {item.kind === 'user' && !item.images && item.imageCount ? <p className="image-note">{t('imagesAttached', { count: item.imageCount })}</p> : null}
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
      {item.kind === 'user' && item.state === 'unsaved' && (
        <Suspense fallback={null}>
          <NotSavedNote item={item} />
        </Suspense>
      )}
      <Suspense fallback={null}>
        <MessageExtras gatewayId={gatewayId} item={item} />
      </Suspense>
    </li>
  )
}
