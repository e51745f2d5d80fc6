/**
 * Chat for each operator gateway: the open session's history (cached for offline reading),
 * streamed replies, drafts, and the outbox (outboxPump.ts) that delivers each message exactly once.
 */
import type { StateCreator } from 'zustand/vanilla'
import { ChatEvent, GatewayDisconnectedError, GatewayRequestError, GatewayTimeoutError, messageText, type GatewayClient } from '../gateway'
import { parseHistory } from './chatHistory'
import { deliveredAsCached, historyItems, outboxItem, withoutDelivered, type ChatItem, type ChatView, type ReplyItemState } from './chatItems'
import { addToOutbox, loadCachedHistory, loadDraft, loadOutbox, markOutboxEntry, removeFromOutbox, saveCachedHistory, saveDraft, type CachedMessage, type OutboxAttachment, type OutboxEntry } from './chatStorage'
import { withLatestPage, withOlderPage } from './historyPages'
import { createOutboxPump, type OutboxPump } from './outboxPump'
import type { AppState, StoreDeps } from './store'

export type ChatSlice = {
  chats: Record<string, ChatView>
  attachChat(gatewayId: string, client: GatewayClient): void
  detachChat(gatewayId: string): void
  openSession(gatewayId: string, sessionKey: string): Promise<void>
  loadOlder(gatewayId: string): Promise<void>
  setDraft(gatewayId: string, text: string): void
  /** Writes every draft now (before a reload the user asked for). */
  flushDrafts(): Promise<void>
  sendMessage(gatewayId: string, text: string, attachments?: OutboxAttachment[]): Promise<void>
  abortRun(gatewayId: string): Promise<void>
  retryMessage(gatewayId: string, idempotencyKey: string): Promise<void>
  discardMessage(gatewayId: string, idempotencyKey: string): Promise<void>
  /** Holds every send until `opening` settles (a new session is being created and opened). */
  holdSending(gatewayId: string, opening: Promise<unknown>): void
}

/** The gateway's alias for the main session, used only until a hello-ok names the canonical key. */
const MAIN_ALIAS = 'main'

const EMPTY_VIEW: ChatView = { sessionKey: null, history: [], live: [], historyState: 'idle', hasOlder: false, olderOffset: null, olderError: null, draft: '', isStartingSession: false }
/**
 * The newest page, asked on every open, reconnect and finished reply. Its size is most of what the
 * gateway's answer costs (loopback, short messages: ~40 ms for 30 against ~60 ms for 100; three times
 * the bytes, far more with real replies on a phone's network). 30 one-line messages fill the tallest
 * common screen; a list too short to fill it loads the older page by itself (the transcript asks
 * whenever its top is in view).
 */
export const LATEST_PAGE = 30
/** Older pages, asked only as the reader scrolls back: more at once, fewer waits. */
export const OLDER_PAGE = 100
/** The most the gateway allows per message; its default cuts long replies short in history. */
const HISTORY_MAX_CHARS = 500_000
const DRAFT_SAVE_DELAY_MS = 300

function olderFailure(error: unknown): string {
  if (error instanceof GatewayTimeoutError) return 'the gateway did not answer in time'
  if (error instanceof GatewayRequestError) return `the gateway refused: ${error.message}`
  return error instanceof Error ? error.message : String(error)
}

export const createChatSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], ChatSlice> =>
  (set, get) => {
    type Attached = { client: GatewayClient; detach: () => void; outbox: OutboxPump }
    const attached = new Map<string, Attached>()
    /** Per gateway: the "New chat" being opened, which sends wait for. */
    const holds = new Map<string, Promise<void>>()
    const draftTimers = new Map<string, ReturnType<typeof setTimeout>>()
    const olderLoads = new Map<string, Promise<void>>()
    /**
     * Per gateway: bumped whenever the history is replaced rather than extended. An older page asked
     * for before that belongs to a history no longer shown and is dropped (its cursor said "no more"
     * about a list that has since changed, and the transcript lost everything between).
     */
    const historyEpochs = new Map<string, number>()
    const epoch = (gatewayId: string) => historyEpochs.get(gatewayId) ?? 0
    const newEpoch = (gatewayId: string) => historyEpochs.set(gatewayId, epoch(gatewayId) + 1)
    /** The last history each gateway's open session showed, as records, for the offline cache. */
    const shownHistory = new Map<string, CachedMessage[]>()

    const view = (gatewayId: string): ChatView => get().chats[gatewayId] ?? EMPTY_VIEW
    const patch = (gatewayId: string, change: (current: ChatView) => Partial<ChatView>) =>
      set({ chats: { ...get().chats, [gatewayId]: { ...view(gatewayId), ...change(view(gatewayId)) } } })
    const upsertLive = (gatewayId: string, item: ChatItem) =>
      patch(gatewayId, ({ live }) => ({
        live: live.some((existing) => existing.id === item.id) ? live.map((existing) => (existing.id === item.id ? item : existing)) : [...live, item],
      }))
    const updateUser = (gatewayId: string, id: string, change: (item: Extract<ChatItem, { kind: 'user' }>) => Partial<Extract<ChatItem, { kind: 'user' }>>) =>
      patch(gatewayId, ({ live }) => ({ live: live.map((item) => (item.id === id && item.kind === 'user' ? { ...item, ...change(item) } : item)) }))

    /**
     * Shows what the device has of a session (cached history, queued messages) while the gateway is
     * asked, or instead of it offline. Both run at once, so either may finish first.
     */
    async function showCached(gatewayId: string, sessionKey: string): Promise<void> {
      const [cached, outbox] = await Promise.all([loadCachedHistory(gatewayId, sessionKey), loadOutbox(gatewayId)])
      // Opened another session meanwhile: this one's messages must not land in it.
      if (view(gatewayId).sessionKey !== sessionKey) return
      // The gateway's page came first: it is newer than the cache.
      const isFresh = view(gatewayId).historyState === 'loaded'
      if (!isFresh) shownHistory.set(gatewayId, cached)
      const history = isFresh ? view(gatewayId).history : historyItems(cached)
      const queued = outbox.filter((entry) => entry.sessionKey === sessionKey).map(outboxItem)
      patch(gatewayId, ({ live }) => ({ history, live: withoutDelivered([...live.filter((item) => !queued.some((q) => q.id === item.id)), ...queued], history) }))
    }

    async function loadLatest(gatewayId: string, client: GatewayClient, sessionKey: string): Promise<void> {
      patch(gatewayId, () => ({ historyState: 'loading' }))
      try {
        const outbox = attached.get(gatewayId)?.outbox
        const mark = outbox?.markHistory(sessionKey)
        const parsed = parseHistory(await client.request('chat.history', { sessionKey, limit: LATEST_PAGE, maxChars: HISTORY_MAX_CHARS }))
        if (!parsed) throw new Error('history does not match the protocol')
        // The outbox paces on what this says about runs and the gateway's queue.
        if (mark !== undefined) outbox?.noteHistory(sessionKey, parsed, mark)
        if (view(gatewayId).sessionKey !== sessionKey) return
        shownHistory.set(gatewayId, parsed.messages)
        const latest = withLatestPage(view(gatewayId), { history: historyItems(parsed.messages), hasOlder: parsed.hasMore, olderOffset: parsed.nextOffset })
        if (latest.isReplaced) newEpoch(gatewayId)
        const { history, hasOlder, olderOffset } = latest
        patch(gatewayId, ({ live, olderError }) => ({ history, historyState: 'loaded', hasOlder, olderOffset, olderError: latest.isReplaced ? null : olderError, live: withoutDelivered(live, history) }))
        // History may lag the last reply by a moment: the cache keeps delivered live items too.
        await cacheFinished(gatewayId, sessionKey)
        // A reply that was streaming when the link dropped goes on from the gateway's buffer; one the
        // gateway no longer runs (it crashed or restarted) ends as interrupted, keeping its partial text.
        const inFlight = parsed.inFlightRun
        patch(gatewayId, ({ live }) => ({
          live: live.map((item) =>
            item.kind === 'reply' && item.state === 'streaming' && item.text && item.runId !== inFlight?.runId
              ? { ...item, state: 'aborted', error: 'interrupted when the connection dropped' }
              : item,
          ),
        }))
        if (inFlight && !view(gatewayId).live.some((item) => item.id === `run:${inFlight.runId}`)) {
          upsertLive(gatewayId, { kind: 'reply', id: `run:${inFlight.runId}`, runId: inFlight.runId, text: inFlight.text, state: 'streaming' })
        }
      } catch {
        patch(gatewayId, () => ({ historyState: 'error' }))
      }
    }

    /** Writes history plus the delivered live items to the offline cache, without asking the gateway. */
    async function cacheFinished(gatewayId: string, sessionKey: string): Promise<void> {
      await saveCachedHistory(gatewayId, sessionKey, [...(shownHistory.get(gatewayId) ?? []), ...deliveredAsCached(view(gatewayId).live)])
    }

    const pump = (gatewayId: string): Promise<void> => attached.get(gatewayId)?.outbox.kick() ?? Promise.resolve()

    function pumpEvents(gatewayId: string) {
      return {
        onSending: (key: string) => updateUser(gatewayId, key, () => ({ state: 'sending' })),
        // An ack can arrive after the reply's first events: never step back from "answered".
        onAcked: (key: string) => updateUser(gatewayId, key, (item) => ({ state: item.state === 'answered' ? 'answered' : 'sent' })),
        onQueued: (key: string) => updateUser(gatewayId, key, () => ({ state: 'queued' })),
        onFailed: (key: string, error: string) => updateUser(gatewayId, key, () => ({ state: 'failed', error })),
      }
    }

    function onChatEvent(gatewayId: string, payload: unknown): void {
      const parsed = ChatEvent.safeParse(payload)
      if (!parsed.success || parsed.data.sessionKey !== view(gatewayId).sessionKey) return
      const event = parsed.data
      const id = `run:${event.runId}`
      const existing = view(gatewayId).live.find((item) => item.id === id)
      // NOTE: deltas may be coalesced or dropped; `message` is the cumulative snapshot, so render from it.
      const text = event.message ? messageText(event.message) : (existing?.text ?? '')
      if (event.state === 'status') {
        upsertLive(gatewayId, { kind: 'reply', id, runId: event.runId, text, state: 'streaming', phase: event.phase })
        return
      }
      const state: ReplyItemState = event.state === 'delta' ? 'streaming' : event.state
      // NOTE: a message queued behind an active run gets an immediate empty "final" for its own key;
      // its real reply comes later under another run. An empty final with nothing streamed is no reply.
      if (state === 'final' && !event.message && !existing?.text) return
      upsertLive(gatewayId, { kind: 'reply', id, runId: event.runId, text, state, error: event.errorMessage, errorKind: event.errorKind })
      if (state === 'streaming') return
      updateUser(gatewayId, event.runId, () => ({ state: 'answered' }))
      // Cache the finished exchange at once (the network may be gone a moment later), then let the
      // gateway's history replace it.
      void cacheFinished(gatewayId, event.sessionKey)
      // While the outbox still delivers to this session, the next message goes out now and the
      // history would be stale at once: reload when the last reply is in.
      const entry = attached.get(gatewayId)
      if (entry?.client.status.phase === 'connected' && !entry.outbox.isDelivering(event.sessionKey)) void loadLatest(gatewayId, entry.client, event.sessionKey)
    }

    return {
      chats: {},

      attachChat(gatewayId, client) {
        get().detachChat(gatewayId)
        if (client.role !== 'operator') return
        const offStatus = client.onStatus((status) => {
          if (status.phase !== 'connected') return
          const defaults = status.hello.snapshot?.sessionDefaults
          const current = view(gatewayId).sessionKey
          // NOTE: events carry canonical keys ("agent:main:main"); the alias "main" must not stay the open session.
          const isMainAlias = current === null || current === MAIN_ALIAS || current === defaults?.mainKey
          const sessionKey = (isMainAlias ? defaults?.mainSessionKey : current) ?? current ?? MAIN_ALIAS
          if (view(gatewayId).sessionKey !== sessionKey) patch(gatewayId, () => ({ sessionKey }))
          get().rememberSession(gatewayId, sessionKey)
          void get().refreshSessions(gatewayId)
          void loadLatest(gatewayId, client, sessionKey).then(() => pump(gatewayId))
        })
        const offEvents = client.onEvent((event) => {
          if (event.event === 'chat') onChatEvent(gatewayId, event.payload)
          else if (event.event === 'sessions.changed') void get().refreshSessions(gatewayId)
        })
        // Events were lost (the gateway skips them for slow consumers): history is the truth to reload.
        const offGaps = client.onDiagnostic((diagnostic) => {
          const sessionKey = view(gatewayId).sessionKey
          if (diagnostic.kind === 'seq-gap' && sessionKey) void loadLatest(gatewayId, client, sessionKey)
        })
        const outbox = createOutboxPump(gatewayId, client, pumpEvents(gatewayId))
        attached.set(gatewayId, { client, detach: () => (offStatus(), offEvents(), offGaps(), outbox.dispose()), outbox })
        // Offline first: show what the device already has before the gateway answers.
        void (async () => {
          const [entries, draft] = await Promise.all([loadOutbox(gatewayId), loadDraft(gatewayId)])
          const sessionKey = view(gatewayId).sessionKey ?? entries[0]?.sessionKey ?? get().lastSessionKey(gatewayId)
          patch(gatewayId, (current) => ({ sessionKey, draft: current.draft || draft }))
          if (sessionKey) await showCached(gatewayId, sessionKey)
        })()
      },

      detachChat(gatewayId) {
        attached.get(gatewayId)?.detach()
        attached.delete(gatewayId)
        // A draft save still pending must not write back text of a gateway being forgotten.
        clearTimeout(draftTimers.get(gatewayId))
        draftTimers.delete(gatewayId)
      },

      async openSession(gatewayId, sessionKey) {
        if (view(gatewayId).sessionKey === sessionKey) return
        newEpoch(gatewayId)
        patch(gatewayId, () => ({ sessionKey, history: [], live: [], historyState: 'idle', hasOlder: false, olderOffset: null, olderError: null }))
        get().rememberSession(gatewayId, sessionKey)
        const client = attached.get(gatewayId)?.client
        // The request leaves first (the gateway's answer is most of the wait); the cache shows meanwhile.
        const latest = client?.status.phase === 'connected' ? loadLatest(gatewayId, client, sessionKey) : undefined
        await Promise.all([showCached(gatewayId, sessionKey), latest])
      },

      loadOlder(gatewayId) {
        // One page at a time: the transcript asks again on every render while its top is in view.
        const running = olderLoads.get(gatewayId)
        if (running) return running
        const load = (async () => {
          const client = attached.get(gatewayId)?.client
          const { sessionKey, olderOffset, hasOlder } = view(gatewayId)
          if (!client || !sessionKey || !hasOlder || olderOffset === null) return
          const askedIn = epoch(gatewayId)
          if (view(gatewayId).olderError) patch(gatewayId, () => ({ olderError: null }))
          const failed = (olderError: string) => {
            if (askedIn === epoch(gatewayId)) patch(gatewayId, () => ({ olderError }))
          }
          let raw: unknown
          try {
            raw = await client.request('chat.history', { sessionKey, limit: OLDER_PAGE, offset: olderOffset, maxChars: HISTORY_MAX_CHARS })
          } catch (error) {
            // A dropped link is no failure to show: the transcript asks again once connected.
            if (!(error instanceof GatewayDisconnectedError)) failed(olderFailure(error))
            return
          }
          if (askedIn !== epoch(gatewayId)) return
          const parsed = parseHistory(raw)
          if (!parsed) {
            failed('the gateway’s answer did not match the protocol')
            return
          }
          // A cursor that does not move would have the transcript ask for the same page forever.
          if (parsed.hasMore && (parsed.nextOffset === null || parsed.nextOffset <= olderOffset)) {
            failed('the gateway’s history did not go further back')
            return
          }
          patch(gatewayId, (current) => withOlderPage(current, { history: historyItems(parsed.messages), hasOlder: parsed.hasMore, olderOffset: parsed.nextOffset }))
        })().finally(() => olderLoads.delete(gatewayId))
        olderLoads.set(gatewayId, load)
        return load
      },

      setDraft(gatewayId, text) {
        patch(gatewayId, () => ({ draft: text }))
        clearTimeout(draftTimers.get(gatewayId))
        draftTimers.set(gatewayId, setTimeout(() => void saveDraft(gatewayId, text), DRAFT_SAVE_DELAY_MS))
      },

      async flushDrafts() {
        const pending = [...draftTimers.keys()]
        for (const gatewayId of pending) clearTimeout(draftTimers.get(gatewayId))
        draftTimers.clear()
        await Promise.all(pending.map((gatewayId) => saveDraft(gatewayId, view(gatewayId).draft)))
      },

      async sendMessage(gatewayId, text, attachments = []) {
        const trimmed = text.trim()
        if (!trimmed && attachments.length === 0) return
        // NOTE: right after "New chat" the open session is still the previous one; the message
        // belongs to the new one, whose key only the gateway's answer gives.
        await holds.get(gatewayId)
        const sessionKey = view(gatewayId).sessionKey ?? MAIN_ALIAS
        const entry: OutboxEntry = { idempotencyKey: deps.newId(), sessionKey, text: trimmed, attachments, createdAtMs: Date.now(), attempts: 0, state: 'pending' }
        // Shown first, so a pump already running that picks the entry up finds its item to update.
        upsertLive(gatewayId, outboxItem(entry))
        // Written before the first send attempt: a crash or reload after this line loses nothing.
        await addToOutbox(gatewayId, entry)
        clearTimeout(draftTimers.get(gatewayId))
        patch(gatewayId, () => ({ draft: '' }))
        await saveDraft(gatewayId, '')
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
        updateUser(gatewayId, idempotencyKey, () => ({ state: 'queued', error: undefined }))
        await pump(gatewayId)
      },

      async discardMessage(gatewayId, idempotencyKey) {
        await removeFromOutbox(gatewayId, idempotencyKey)
        patch(gatewayId, ({ live }) => ({ live: live.filter((item) => item.id !== idempotencyKey) }))
      },

      holdSending(gatewayId, opening) {
        // Settles either way: a failed "New chat" leaves the previous session open, and sends go there.
        const hold = opening.then(
          () => undefined,
          () => undefined,
        )
        holds.set(gatewayId, hold)
        patch(gatewayId, () => ({ isStartingSession: true }))
        void hold.then(() => {
          if (holds.get(gatewayId) !== hold) return
          holds.delete(gatewayId)
          patch(gatewayId, () => ({ isStartingSession: false }))
        })
      },
    }
  }
