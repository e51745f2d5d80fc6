/**
 * What the transcript shows, and how it is made from the gateway's history, the outbox and the
 * live stream: pure functions, no store, no I/O.
 */
import type { CachedMessage, OutboxAttachment, OutboxEntry } from './chatStorage'

/**
 * `saving`: on its way into the outbox (not yet durable). `unsaved`: the device could not store it
 * (quota, storage error); it is in no outbox and will not send by itself.
 */
export type UserItemState = 'saving' | 'unsaved' | 'queued' | 'sending' | 'sent' | 'answered' | 'failed'
export type ReplyItemState = 'streaming' | 'final' | 'aborted' | 'error'
export type ItemImage = { src: string; name: string }

export type ChatItem =
  | {
      kind: 'user'
      id: string
      text: string
      state: UserItemState
      /** `failed`: the gateway's reason; `unsaved`: the browser's, if it gave one. */
      error?: string
      /** `unsaved` only: the device storage is full, the outbox record is unreadable, or it failed otherwise (see `error`). */
      saveFailure?: 'full' | 'unreadable' | 'error'
      images?: ItemImage[]
      imageCount?: number
      timestamp?: number
    }
  | {
      kind: 'reply'
      id: string
      runId?: string
      text: string
      state: ReplyItemState
      phase?: string
      error?: string
      errorKind?: string
      timestamp?: number
      /** Only the start of the text came with the history; `readWholeMessage` fetches the rest. */
      truncated?: boolean
    }

export type ChatView = {
  sessionKey: string | null
  history: ChatItem[]
  /** Items not in history yet: queued and unacknowledged messages, streaming replies. */
  live: ChatItem[]
  historyState: 'idle' | 'loading' | 'loaded' | 'error'
  hasOlder: boolean
  olderOffset: number | null
  /** Why the last older page did not load; the transcript offers to try again instead of asking by itself. */
  olderError: string | null
  draft: string
  /** Images in the composer, waiting for Send (kept here so a failed save can put them back). */
  attachments: OutboxAttachment[]
  /** "New chat" asked the gateway for a session and has no key yet: sending waits for it. */
  isStartingSession: boolean
}

export function historyItems(messages: CachedMessage[]): ChatItem[] {
  return messages.map((m) =>
    m.role === 'user'
      ? { kind: 'user', id: m.inputKey ?? m.id, text: m.text, state: 'answered', timestamp: m.timestamp, ...(m.images ? { imageCount: m.images } : {}) }
      : { kind: 'reply', id: m.id, runId: m.runId, text: m.text, state: 'final', timestamp: m.timestamp, truncated: m.truncated },
  )
}

const isImage = (attachment: OutboxAttachment) => attachment.mimeType.startsWith('image/')
const dataUrl = (attachment: OutboxAttachment): ItemImage => ({ src: `data:${attachment.mimeType};base64,${attachment.content}`, name: attachment.fileName })

export function outboxItem(entry: OutboxEntry): Extract<ChatItem, { kind: 'user' }> {
  return {
    kind: 'user',
    id: entry.idempotencyKey,
    text: entry.text,
    state: entry.state === 'failed' ? 'failed' : 'queued',
    error: entry.error,
    // Only images draw as pictures; another file in a data URL would show as a broken image.
    ...(entry.attachments.some(isImage) ? { images: entry.attachments.filter(isImage).map(dataUrl) } : {}),
  }
}

const isSettled = (item: ChatItem) => (item.kind === 'user' ? item.state === 'sent' || item.state === 'answered' : item.state !== 'streaming')

/**
 * Live items that history now holds (by idempotency key or run id) give way to the history copy.
 * So do settled ones before the last it holds: they are older than the history shown, which is only
 * the newest page, and the gateway keeps them in the older pages the reader scrolls back to.
 * NOTE: left in `live`, they were drawn after the history, below newer messages (a burst of sends
 * longer than one page). Settled items after the last one history holds stay: history may lag the
 * reply that just finished. Queued, failed and streaming items always stay.
 */
export function withoutDelivered(live: ChatItem[], history: ChatItem[]): ChatItem[] {
  const userKeys = new Set(history.filter((item) => item.kind === 'user').map((item) => item.id))
  const runIds = new Set(history.flatMap((item) => (item.kind === 'reply' && item.runId ? [item.runId] : [])))
  const isInHistory = (item: ChatItem) => (item.kind === 'user' ? userKeys.has(item.id) : Boolean(item.runId && runIds.has(item.runId)))
  const lastInHistory = live.findLastIndex(isInHistory)
  return live.filter((item, index) => !isInHistory(item) && !(index < lastInHistory && isSettled(item)))
}

/** Live items the gateway has settled (sent or answered messages, replies no longer streaming), as cache records. */
export function deliveredAsCached(live: ChatItem[]): CachedMessage[] {
  const delivered = live.filter(isSettled)
  return delivered.map((item) =>
    item.kind === 'user'
      ? {
          id: item.id,
          role: 'user',
          text: item.text,
          inputKey: item.id,
          ...(item.imageCount || item.images ? { images: item.imageCount ?? item.images?.length } : {}),
        }
      : { id: item.id, role: 'assistant', text: item.text, ...(item.runId ? { runId: item.runId } : {}) },
  )
}
