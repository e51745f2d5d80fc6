/**
 * Chat for each operator gateway, as a per-gateway feature: the open session's history (cached for
 * offline reading, chatHistoryLoader.ts), streamed replies (chatLiveItems.ts), drafts
 * (chatDrafts.ts), and the outbox (outboxPump.ts) that delivers each message exactly once. All of
 * them reach the wire through one chat link per gateway (chatLink.ts).
 *
 * Across tabs only the gateway's leading tab runs the pump (`lead`); every tab reads and queues.
 * An entry queued in a follower is announced to the other tabs, the leader delivers it and tells
 * its progress back, so the tab where it was typed shows it as it happens.
 */
import type { GatewayClient } from '../gateway'
import { outboxItem, type ChatItem, type ChatView } from './chatItems'
import { createChatLink, MAIN_ALIAS, type ChatLink } from './chatLink'
import { createDrafts } from './chatDrafts'
import { createHistoryLoader } from './chatHistoryLoader'
import { createLiveItems } from './chatLiveItems'
import {
  addToOutbox,
  forgetChatData,
  loadDraft,
  loadOutbox,
  markOutboxEntry,
  removeFromOutbox,
  UnreadableOutboxError,
  type OutboxAttachment,
  type OutboxEntry,
} from './chatStorage'
import { createChatViews } from './chatView'
import type { FeatureCreator } from './feature'
import { lazyChunk } from './lazyChunk'
import type { OutboxPump, PumpEvents } from './outboxPump'
import { tabsOf, type TabMessage } from './tabLeadership'
import { createWriteGuard } from './writeGuard'

export { LATEST_PAGE, OLDER_PAGE } from './chatHistoryLoader'

export type ChatSlice = {
  chats: Record<string, ChatView>
  openSession(gatewayId: string, sessionKey: string): Promise<void>
  loadOlder(gatewayId: string): Promise<void>
  setDraft(gatewayId: string, text: string): void
  /** Writes every draft now (before a reload the user asked for). */
  flushDrafts(): Promise<void>
  /** The composer's images (the composer's text is the draft). */
  setAttachments(gatewayId: string, attachments: OutboxAttachment[]): void
  /**
   * Sends `text` and `attachments`, or, without them, what the composer holds (taken from it at
   * once). A message the device cannot store shows "Not saved on this device" and goes back to
   * the composer; nothing is sent for it.
   */
  sendMessage(gatewayId: string, text?: string, attachments?: OutboxAttachment[]): Promise<void>
  abortRun(gatewayId: string): Promise<void>
  retryMessage(gatewayId: string, idempotencyKey: string): Promise<void>
  discardMessage(gatewayId: string, idempotencyKey: string): Promise<void>
  /** Holds every send until `opening` settles (a new session is being created and opened). */
  holdSending(gatewayId: string, opening: Promise<unknown>): void
}

/**
 * Why the device refused to store a message, for its bubble (the UI words it): `full` for a quota
 * error, `unreadable` when the outbox record cannot be read, else the browser's own message (its words, as a gateway's error is the gateway's), or
 * undefined when it gave none.
 */
export function storageFailure(error: unknown): Pick<Extract<ChatItem, { kind: 'user' }>, 'saveFailure' | 'error'> {
  const name = error instanceof Error || error instanceof DOMException ? error.name : ''
  if (name === 'QuotaExceededError') return { saveFailure: 'full', error: undefined }
  if (error instanceof UnreadableOutboxError) return { saveFailure: 'unreadable', error: undefined }
  const message = error instanceof Error ? error.message : String(error)
  return { saveFailure: 'error', error: message || name || undefined }
}

/** The pump only while this tab leads the gateway (`starting`: its chunk is on its way). */
type Attached = { link: ChatLink; isLeading: boolean; outbox?: OutboxPump; starting?: Promise<void>; detach: () => Promise<void> }

/** The pump is a chunk of its own: only the tab that leads a gateway sends, and the first screen need not wait for it. */
const outboxPumps = lazyChunk(() => import('./outboxPump').then((module) => module.createOutboxPump))

export const createChatFeature: FeatureCreator<ChatSlice> = (deps, { set, get }) => {
  const tabs = tabsOf(deps)
  const attached = new Map<string, Attached>()
  /** Per gateway: the "New chat" being opened, which sends wait for. */
  const holds = new Map<string, Promise<void>>()
  const writes = createWriteGuard()
  const views = createChatViews({ set, get })
  const { view, patch, upsertLive, updateUser } = views
  const history = createHistoryLoader(views, (gatewayId) => attached.get(gatewayId)?.link, writes)
  const drafts = createDrafts(views, writes)
  const live = createLiveItems(views, (gatewayId, sessionKey) => {
    // Cache the finished exchange at once (the network may be gone a moment later), then let the
    // gateway's history replace it.
    void history.cacheFinished(gatewayId, sessionKey)
    // While the outbox still delivers to this session, the next message goes out now and the
    // history would be stale at once: reload when the last reply is in.
    const entry = attached.get(gatewayId)
    if (entry?.link.client.status.phase === 'connected' && !entry.outbox?.isDelivering(sessionKey)) void history.loadLatest(gatewayId, entry.link, sessionKey)
  })
  /** Messages the device could not store, by idempotency key: only Retry or Discard moves them on. */
  const unsaved = new Map<string, { gatewayId: string; entry: OutboxEntry }>()
  /** Writes the entry to the outbox; on failure the message is marked unsaved and given back to the composer. */
  async function saveToOutbox(gatewayId: string, entry: OutboxEntry, restore: boolean): Promise<boolean> {
    try {
      await addToOutbox(gatewayId, entry)
      unsaved.delete(entry.idempotencyKey)
      // Durable now (a pump already running may have moved it on to "sending").
      updateUser(gatewayId, entry.idempotencyKey, (item) => ({ state: item.state === 'saving' ? 'queued' : item.state }))
      return true
    } catch (error) {
      unsaved.set(entry.idempotencyKey, { gatewayId, entry })
      updateUser(gatewayId, entry.idempotencyKey, () => ({ state: 'unsaved', ...storageFailure(error) }))
      if (restore) drafts.giveBack(gatewayId, entry.text, entry.attachments)
      return false
    }
  }

  /** Delivers what waits, if this tab leads the gateway (a follower's entries are the leader's to send). */
  async function pump(gatewayId: string): Promise<void> {
    const entry = attached.get(gatewayId)
    if (!entry?.isLeading) return
    if (!entry.outbox) {
      // A failed load is tried again on the next pump (the next connect, send or retry).
      entry.starting ??= outboxPumps.load().then(
        (createOutboxPump) => {
          if (attached.get(gatewayId) === entry && entry.isLeading) entry.outbox = createOutboxPump(gatewayId, entry.link, relayedPumpEvents(gatewayId))
        },
        () => void (entry.starting = undefined),
      )
      await entry.starting
    }
    await entry.outbox?.kick()
  }
  /** An entry was added or retried here: the other tabs show it, and the leader (here or there) delivers it. */
  const queued = (gatewayId: string): Promise<void> => {
    tabs.post({ kind: 'outbox', gatewayId })
    return pump(gatewayId)
  }

  /** The pump's events shown here and told to the other tabs. */
  function relayedPumpEvents(gatewayId: string): PumpEvents {
    const here = live.pumpEvents(gatewayId)
    const tell = (key: string, event: Extract<TabMessage, { kind: 'pump' }>['event'], error?: string) =>
      tabs.post({ kind: 'pump', gatewayId, key, event, ...(error === undefined ? {} : { error }) })
    return {
      onSending: (key) => (here.onSending(key), tell(key, 'sending')),
      onAcked: (key) => (here.onAcked(key), tell(key, 'acked')),
      onQueued: (key) => (here.onQueued(key), tell(key, 'queued')),
      onFailed: (key, error) => (here.onFailed(key, error), tell(key, 'failed', error)),
    }
  }

  /** Entries another tab queued in the open session, shown here (the ones this tab shows already keep their state). */
  async function showQueuedElsewhere(gatewayId: string): Promise<void> {
    const sessionKey = view(gatewayId).sessionKey
    if (!sessionKey || !attached.has(gatewayId)) return
    const entries = (await loadOutbox(gatewayId)).filter((entry) => entry.sessionKey === sessionKey)
    const shown = new Set([...view(gatewayId).history, ...view(gatewayId).live].map((item) => item.id))
    for (const entry of entries) if (!shown.has(entry.idempotencyKey) && attached.has(gatewayId)) upsertLive(gatewayId, outboxItem(entry))
  }

  tabs.onMessage((message) => {
    if (message.kind === 'outbox') void showQueuedElsewhere(message.gatewayId).then(() => pump(message.gatewayId))
    if (message.kind !== 'pump' || !attached.has(message.gatewayId)) return
    const here = live.pumpEvents(message.gatewayId)
    const { key, error } = message
    if (message.event === 'sending') here.onSending(key)
    else if (message.event === 'acked') here.onAcked(key)
    else if (message.event === 'queued') here.onQueued(key)
    else here.onFailed(key, error ?? '')
  })

  /** Only the leading tab sends: it starts the pump (and delivers what waits), a follower stops it. */
  function lead(gatewayId: string, isLeader: boolean): void {
    const entry = attached.get(gatewayId)
    if (!entry || isLeader === entry.isLeading) return
    entry.isLeading = isLeader
    if (isLeader) {
      void pump(gatewayId)
      return
    }
    void entry.outbox?.dispose()
    entry.outbox = undefined
    entry.starting = undefined
  }

  function dropUnsaved(gatewayId: string): void {
    const keys = new Set([...unsaved].filter(([, held]) => held.gatewayId === gatewayId).map(([key]) => key))
    if (keys.size === 0) return
    for (const key of keys) unsaved.delete(key)
    patch(gatewayId, ({ live }) => ({ live: live.filter((item) => !keys.has(item.id)) }))
  }

  function attach(gatewayId: string, client: GatewayClient): void {
    const link = createChatLink(client)
    const offStatus = client.onStatus((status) => {
      if (status.phase !== 'connected') return
      const sessionKey = link.canonicalKey(view(gatewayId).sessionKey)
      if (view(gatewayId).sessionKey !== sessionKey) patch(gatewayId, () => ({ sessionKey }))
      get().rememberSession(gatewayId, sessionKey)
      void history.loadLatest(gatewayId, link, sessionKey).then(() => pump(gatewayId))
    })
    const offChat = link.onChatEvent((event) => live.onChatEvent(gatewayId, event))
    // Events were lost (the gateway skips them for slow consumers): history is the truth to reload.
    const offGaps = client.onDiagnostic((diagnostic) => {
      const sessionKey = view(gatewayId).sessionKey
      if (diagnostic.kind === 'seq-gap' && sessionKey) void history.loadLatest(gatewayId, link, sessionKey)
    })
    const entry: Attached = {
      link,
      isLeading: false,
      detach: async () => {
        offStatus()
        offChat()
        offGaps()
        await entry.outbox?.dispose()
        link.dispose()
      },
    }
    attached.set(gatewayId, entry)
    // Offline first: show what the device already has before the gateway answers.
    void (async () => {
      const [entries, draft] = await Promise.all([loadOutbox(gatewayId), loadDraft(gatewayId)])
      const sessionKey = view(gatewayId).sessionKey ?? entries[0]?.sessionKey ?? get().lastSessionKey(gatewayId)
      patch(gatewayId, (current) => ({ sessionKey, draft: current.draft || draft }))
      if (sessionKey) await history.showCached(gatewayId, sessionKey)
    })()
  }

  function detach(gatewayId: string): Promise<void> {
    const entry = attached.get(gatewayId)
    attached.delete(gatewayId)
    // A draft save still pending must not write back text of a gateway being forgotten.
    drafts.cancel(gatewayId)
    return entry?.detach() ?? Promise.resolve()
  }

  return {
    name: 'chat',
    attach(gatewayId, client, role) {
      if (role !== 'operator') return
      void detach(gatewayId)
      attach(gatewayId, client)
    },
    detach(gatewayId, role) {
      if (role === 'operator') void detach(gatewayId)
    },
    lead,
    async forget(gatewayId) {
      await detach(gatewayId)
      await writes.close(gatewayId)
      history.forget(gatewayId)
      holds.delete(gatewayId)
      for (const [key, held] of unsaved) if (held.gatewayId === gatewayId) unsaved.delete(key)
      await forgetChatData(gatewayId)
      views.remove(gatewayId)
    },

    slice: {
      chats: {},

      async openSession(gatewayId, sessionKey) {
        if (view(gatewayId).sessionKey === sessionKey) return
        history.startOver(gatewayId)
        patch(gatewayId, () => ({ sessionKey, history: [], live: [], historyState: 'idle', hasOlder: false, olderOffset: null, olderError: null }))
        get().rememberSession(gatewayId, sessionKey)
        const link = attached.get(gatewayId)?.link
        // The request leaves first (the gateway's answer is most of the wait); the cache shows meanwhile.
        const latest = link?.client.status.phase === 'connected' ? history.loadLatest(gatewayId, link, sessionKey) : undefined
        await Promise.all([history.showCached(gatewayId, sessionKey), latest])
      },

      loadOlder: (gatewayId) => history.loadOlder(gatewayId),
      setDraft: (gatewayId, text) => drafts.setDraft(gatewayId, text),
      flushDrafts: () => drafts.flushDrafts(),

      setAttachments: (gatewayId, attachments) => patch(gatewayId, () => ({ attachments })),

      async sendMessage(gatewayId, text, attachments) {
        // NOTE: taken before any await. Cleared only after the outbox write, text typed meanwhile
        // was wiped, and a second Enter sent the same text again under a new key.
        const taken = text === undefined ? drafts.take(gatewayId) : { draft: text, attachments: attachments ?? [] }
        const trimmed = taken.draft.trim()
        if (!trimmed && taken.attachments.length === 0) return
        // Unsaved messages went back to the composer: what it sends now replaces them.
        if (text === undefined) dropUnsaved(gatewayId)
        // NOTE: right after "New chat" the open session is still the previous one; the message
        // belongs to the new one, whose key only the gateway's answer gives.
        await holds.get(gatewayId)
        const sessionKey = view(gatewayId).sessionKey ?? MAIN_ALIAS
        const entry: OutboxEntry = {
          idempotencyKey: deps.newId(),
          sessionKey,
          text: trimmed,
          attachments: taken.attachments,
          createdAtMs: Date.now(),
          attempts: 0,
          state: 'pending',
        }
        // Shown first, so a pump already running that picks the entry up finds its item to update.
        upsertLive(gatewayId, { ...outboxItem(entry), state: 'saving' })
        // Written before the first send attempt: a crash or reload after this line loses nothing.
        if (!(await saveToOutbox(gatewayId, entry, text === undefined))) return
        await drafts.saveNow(gatewayId).catch(() => undefined)
        await queued(gatewayId)
      },

      async abortRun(gatewayId) {
        const link = attached.get(gatewayId)?.link
        const sessionKey = view(gatewayId).sessionKey
        if (!link || !sessionKey) return
        await link.abort(sessionKey)
      },

      async retryMessage(gatewayId, idempotencyKey) {
        const held = unsaved.get(idempotencyKey)
        if (held) {
          updateUser(gatewayId, idempotencyKey, () => ({ state: 'saving', error: undefined, saveFailure: undefined }))
          if (!(await saveToOutbox(gatewayId, held.entry, false))) return
          // Saved now: the copy given back to the composer goes, unless the user has changed it since.
          const { draft, attachments } = view(gatewayId)
          if (draft === held.entry.text && attachments.length === held.entry.attachments.length) {
            drafts.take(gatewayId)
            await drafts.saveNow(gatewayId).catch(() => undefined)
          }
          await queued(gatewayId)
          return
        }
        await markOutboxEntry(gatewayId, idempotencyKey, { state: 'pending', error: undefined })
        updateUser(gatewayId, idempotencyKey, () => ({ state: 'queued', error: undefined }))
        await queued(gatewayId)
      },

      async discardMessage(gatewayId, idempotencyKey) {
        if (unsaved.delete(idempotencyKey)) {
          patch(gatewayId, ({ live }) => ({ live: live.filter((item) => item.id !== idempotencyKey) }))
          return
        }
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
    },
  }
}
