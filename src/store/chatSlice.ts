/**
 * Chat for each operator gateway: history, streamed replies, and an outbox that delivers every
 * message exactly once. A message is in IndexedDB before its first send attempt and leaves only
 * after the gateway's ack; resends reuse its idempotency key, which the gateway dedupes.
 */
import type { StateCreator } from 'zustand/vanilla'
import { ChatEvent, ChatMessage, GatewayRequestError, messageText, type GatewayClient } from '../gateway'
import {
  addToOutbox,
  loadCachedHistory,
  loadOutbox,
  markOutboxEntry,
  removeFromOutbox,
  saveCachedHistory,
  type CachedMessage,
  type OutboxEntry,
} from './chatStorage'
import type { AppState, StoreDeps } from './store'

export type UserItemState = 'queued' | 'sending' | 'sent' | 'answered' | 'failed'
export type ReplyItemState = 'streaming' | 'final' | 'aborted' | 'error'

export type ChatItem =
  | { kind: 'user'; id: string; text: string; state: UserItemState; error?: string }
  | { kind: 'reply'; id: string; text: string; state: ReplyItemState; phase?: string; error?: string }

export type ChatView = { sessionKey: string | null; history: ChatItem[]; live: ChatItem[]; historyState: 'idle' | 'loading' | 'loaded' | 'error' }

export type ChatSlice = {
  chats: Record<string, ChatView>
  attachChat(gatewayId: string, client: GatewayClient): void
  detachChat(gatewayId: string): void
  sendMessage(gatewayId: string, text: string): Promise<void>
  abortRun(gatewayId: string): Promise<void>
  retryMessage(gatewayId: string, idempotencyKey: string): Promise<void>
  discardMessage(gatewayId: string, idempotencyKey: string): Promise<void>
}

const EMPTY_VIEW: ChatView = { sessionKey: null, history: [], live: [], historyState: 'idle' }
const HISTORY_LIMIT = 200

function toCached(message: ChatMessage, index: number): CachedMessage | null {
  if (message.role !== 'user' && message.role !== 'assistant') return null
  const meta = (message as { __openclaw?: { id?: unknown } }).__openclaw
  const id = typeof meta?.id === 'string' ? meta.id : `h${index}`
  return { id, role: message.role, text: messageText(message), timestamp: message.timestamp }
}

function historyItems(messages: CachedMessage[]): ChatItem[] {
  return messages.map((m) =>
    m.role === 'user' ? { kind: 'user', id: m.id, text: m.text, state: 'answered' } : { kind: 'reply', id: m.id, text: m.text, state: 'final' },
  )
}

function outboxItem(entry: OutboxEntry): ChatItem {
  return { kind: 'user', id: entry.idempotencyKey, text: entry.text, state: entry.state === 'failed' ? 'failed' : 'queued', error: entry.error }
}

export const createChatSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], ChatSlice> =>
  (set, get) => {
    const attached = new Map<string, { client: GatewayClient; detach: () => void; pumping: boolean }>()

    const view = (gatewayId: string): ChatView => get().chats[gatewayId] ?? EMPTY_VIEW
    const patch = (gatewayId: string, change: (current: ChatView) => Partial<ChatView>) =>
      set({ chats: { ...get().chats, [gatewayId]: { ...view(gatewayId), ...change(view(gatewayId)) } } })
    const upsertLive = (gatewayId: string, item: ChatItem) =>
      patch(gatewayId, ({ live }) => ({
        live: live.some((existing) => existing.id === item.id) ? live.map((existing) => (existing.id === item.id ? item : existing)) : [...live, item],
      }))
    const updateUser = (gatewayId: string, id: string, change: Partial<Extract<ChatItem, { kind: 'user' }>>) =>
      patch(gatewayId, ({ live }) => ({ live: live.map((item) => (item.id === id && item.kind === 'user' ? { ...item, ...change } : item)) }))

    async function loadHistory(gatewayId: string, client: GatewayClient, sessionKey: string): Promise<void> {
      patch(gatewayId, () => ({ historyState: 'loading' }))
      try {
        const result = (await client.request('chat.history', { sessionKey, limit: HISTORY_LIMIT })) as { messages?: unknown[] }
        const messages = (result.messages ?? []).flatMap((raw, index) => {
          const parsed = ChatMessage.safeParse(raw)
          const cached = parsed.success ? toCached(parsed.data, index) : null
          return cached ? [cached] : []
        })
        await saveCachedHistory(gatewayId, sessionKey, messages)
        // Delivered messages now appear in history; keep only what is still on its way.
        patch(gatewayId, ({ live }) => ({
          history: historyItems(messages),
          historyState: 'loaded',
          live: live.filter((item) => (item.kind === 'user' ? item.state !== 'answered' && item.state !== 'sent' : item.state === 'streaming')),
        }))
      } catch {
        patch(gatewayId, () => ({ historyState: 'error' }))
      }
    }

    async function pump(gatewayId: string): Promise<void> {
      const entry = attached.get(gatewayId)
      if (!entry || entry.pumping) return
      entry.pumping = true
      try {
        for (;;) {
          if (entry.client.status.phase !== 'connected') return
          const next = (await loadOutbox(gatewayId)).find((item) => item.state === 'pending')
          if (!next) return
          updateUser(gatewayId, next.idempotencyKey, { state: 'sending' })
          try {
            await entry.client.request('chat.send', { sessionKey: next.sessionKey, message: next.text, idempotencyKey: next.idempotencyKey })
            await removeFromOutbox(gatewayId, next.idempotencyKey)
            updateUser(gatewayId, next.idempotencyKey, { state: 'sent' })
          } catch (error) {
            if (error instanceof GatewayRequestError && !error.retryable) {
              await markOutboxEntry(gatewayId, next.idempotencyKey, { state: 'failed', error: error.message })
              updateUser(gatewayId, next.idempotencyKey, { state: 'failed', error: error.message })
              continue
            }
            // Disconnected or timed out: it stays pending and goes again, same key, after reconnect.
            updateUser(gatewayId, next.idempotencyKey, { state: 'queued' })
            return
          }
        }
      } finally {
        entry.pumping = false
      }
    }

    function onChatEvent(gatewayId: string, payload: unknown): void {
      const parsed = ChatEvent.safeParse(payload)
      if (!parsed.success || parsed.data.sessionKey !== view(gatewayId).sessionKey) return
      const event = parsed.data
      const id = `run:${event.runId}`
      const existing = view(gatewayId).live.find((item) => item.id === id)
      const text = event.message ? messageText(event.message) : (existing?.text ?? '')
      if (event.state === 'status') {
        upsertLive(gatewayId, { kind: 'reply', id, text, state: 'streaming', phase: event.phase })
        return
      }
      const state: ReplyItemState = event.state === 'delta' ? 'streaming' : event.state
      upsertLive(gatewayId, { kind: 'reply', id, text, state, error: event.errorMessage ?? event.errorKind })
      if (state !== 'streaming') updateUser(gatewayId, event.runId, { state: 'answered' })
    }

    return {
      chats: {},

      attachChat(gatewayId, client) {
        get().detachChat(gatewayId)
        if (client.role !== 'operator') return
        const offStatus = client.onStatus((status) => {
          if (status.phase !== 'connected') return
          const sessionKey = view(gatewayId).sessionKey ?? status.hello.snapshot?.sessionDefaults?.mainSessionKey ?? 'main'
          patch(gatewayId, () => ({ sessionKey }))
          void loadHistory(gatewayId, client, sessionKey).then(() => pump(gatewayId))
        })
        const offEvents = client.onEvent((event) => {
          if (event.event === 'chat') onChatEvent(gatewayId, event.payload)
        })
        attached.set(gatewayId, { client, detach: () => (offStatus(), offEvents()), pumping: false })
        // Offline first: show what the device already has before the gateway answers.
        void (async () => {
          const outbox = await loadOutbox(gatewayId)
          const sessionKey = view(gatewayId).sessionKey ?? outbox[0]?.sessionKey ?? null
          const cached = sessionKey ? await loadCachedHistory(gatewayId, sessionKey) : []
          patch(gatewayId, ({ history, live }) => ({
            sessionKey,
            history: history.length ? history : historyItems(cached),
            live: [...live, ...outbox.filter((entry) => !live.some((item) => item.id === entry.idempotencyKey)).map(outboxItem)],
          }))
        })()
      },

      detachChat(gatewayId) {
        attached.get(gatewayId)?.detach()
        attached.delete(gatewayId)
      },

      async sendMessage(gatewayId, text) {
        const trimmed = text.trim()
        const sessionKey = view(gatewayId).sessionKey ?? 'main'
        if (!trimmed) return
        const entry: OutboxEntry = { idempotencyKey: deps.newId(), sessionKey, text: trimmed, createdAtMs: Date.now(), state: 'pending' }
        await addToOutbox(gatewayId, entry)
        upsertLive(gatewayId, outboxItem(entry))
        await pump(gatewayId)
      },

      async abortRun(gatewayId) {
        const client = attached.get(gatewayId)?.client
        const sessionKey = view(gatewayId).sessionKey
        if (!client || !sessionKey) return
        await client.request('chat.abort', { sessionKey })
      },

      async retryMessage(gatewayId, idempotencyKey) {
        await markOutboxEntry(gatewayId, idempotencyKey, { state: 'pending', error: undefined })
        updateUser(gatewayId, idempotencyKey, { state: 'queued', error: undefined })
        await pump(gatewayId)
      },

      async discardMessage(gatewayId, idempotencyKey) {
        await removeFromOutbox(gatewayId, idempotencyKey)
        patch(gatewayId, ({ live }) => ({ live: live.filter((item) => item.id !== idempotencyKey) }))
      },
    }
  }
