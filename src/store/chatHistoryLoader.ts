/**
 * The chat feature's history: what the device has of a session (cached history, queued messages)
 * shown at once, the gateway's newest page on every open, reconnect and finished reply, older pages
 * as the reader scrolls back, and the offline cache kept current. Every request goes through the
 * gateway's chat link.
 */
import { deliveredAsCached, historyItems, outboxItem, withoutDelivered, type ChatItem } from './chatItems'
import type { ChatLink } from './chatLink'
import { loadCachedHistory, loadOutbox, saveCachedHistory, type CachedMessage } from './chatStorage'
import type { ChatViews } from './chatView'
import { withDelta, withLatestPage } from './historyPages'
import { lazyChunk } from './lazyChunk'
import type { WriteGuard } from './writeGuard'

/**
 * The newest page, asked on every open, reconnect and finished reply. Its size is most of what the
 * gateway's answer costs (loopback, short messages: ~40 ms for 30 against ~60 ms for 100; three times
 * the bytes, far more with real replies on a phone's network). 30 one-line messages fill the tallest
 * common screen; a list too short to fill it loads the older page by itself (the transcript asks
 * whenever its top is in view).
 */

/**
 * Set by the gateway client's chunk (untaggedHistory.ts), so that the first screen does not carry it: for history
 * an older gateway did not tag, the live items left once those its untagged turns stand for are taken out.
 */
export let untaggedMatch: ((messages: CachedMessage[], live: ChatItem[]) => ChatItem[]) | undefined
export const setUntaggedMatch = (match: typeof untaggedMatch) => {
  untaggedMatch = match
}

export const LATEST_PAGE = 30
/** The most messages the offline cache keeps for a session that catch-ups have extended. */
const CACHED_AFTER_CATCH_UP = 4 * LATEST_PAGE
/** The most the gateway allows per message; its default cuts long replies short in history. */
const HISTORY_MAX_CHARS = 500_000

export type HistoryLoader = {
  /** Shows what the device has of a session while the gateway is asked, or instead of it offline. */
  showCached(gatewayId: string, sessionKey: string): Promise<void>
  loadLatest(gatewayId: string, link: ChatLink, sessionKey: string): Promise<void>
  loadOlder(gatewayId: string): Promise<void>
  /** Writes history plus the delivered live items to the offline cache, without asking the gateway. */
  cacheFinished(gatewayId: string, sessionKey: string): Promise<void>
  /** The history shown is about to be replaced by another session's: older pages on their way are stale. */
  startOver(gatewayId: string): void
  forget(gatewayId: string): void
}

export function createHistoryLoader(views: ChatViews, linkOf: (gatewayId: string) => ChatLink | undefined, writes: WriteGuard): HistoryLoader {
  const { view, patch, upsertLive } = views
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
  /**
   * Per gateway: the `deltaCursor` of the last history answer and its session. Coming back (a reconnect,
   * a finished reply, a missed event) asks only for what changed since, not the newest page again.
   */
  const cursors = new Map<string, { sessionKey: string; cursor: string }>()
  // Older pages load only as a reader scrolls back: their code is a chunk of its own (olderPages.ts).
  const older = lazyChunk(() => import('./olderPages').then((module) => module.createOlderPages(views, linkOf, epoch, HISTORY_MAX_CHARS)))

  async function showCached(gatewayId: string, sessionKey: string): Promise<void> {
    const [cached, outbox] = await Promise.all([loadCachedHistory(gatewayId, sessionKey), loadOutbox(gatewayId)])
    // Opened another session meanwhile: this one's messages must not land in it.
    if (view(gatewayId).sessionKey !== sessionKey) return
    // The gateway's page came first: it is newer than the cache.
    const isFresh = view(gatewayId).historyState === 'loaded'
    if (!isFresh) shownHistory.set(gatewayId, cached)
    const history = isFresh ? view(gatewayId).history : historyItems(cached)
    const queued = outbox.filter((entry) => entry.sessionKey === sessionKey).map(outboxItem)
    patch(gatewayId, ({ live }) => ({
      history,
      // No untaggedMatch here: live items at this point are queued ones, which never match by text.
      live: withoutDelivered([...live.filter((item) => !queued.some((q) => q.id === item.id)), ...queued], history),
    }))
  }

  async function cacheFinished(gatewayId: string, sessionKey: string): Promise<void> {
    await writes.run(gatewayId, () =>
      saveCachedHistory(gatewayId, sessionKey, [...(shownHistory.get(gatewayId) ?? []), ...deliveredAsCached(view(gatewayId).live)]),
    )
  }

  async function loadLatest(gatewayId: string, link: ChatLink, sessionKey: string): Promise<void> {
    const since = cursors.get(gatewayId)
    const resumeFrom = since?.sessionKey === sessionKey && view(gatewayId).historyState === 'loaded' ? since.cursor : undefined
    patch(gatewayId, () => ({ historyState: 'loading' }))
    try {
      // Only what changed since the last answer where the gateway can say; its "reset" (or no answer) means the newest page.
      const delta = resumeFrom === undefined ? null : await link.history(sessionKey, { cursor: resumeFrom, maxChars: HISTORY_MAX_CHARS }).catch(() => null)
      // The outbox paces on what a page says about runs and the gateway's queue (it observes the link).
      const parsed = delta?.isDelta ? delta : await link.history(sessionKey, { limit: LATEST_PAGE, maxChars: HISTORY_MAX_CHARS })
      if (!parsed) throw new Error('history does not match the protocol')
      if (view(gatewayId).sessionKey !== sessionKey) return
      if (parsed.deltaCursor) cursors.set(gatewayId, { sessionKey, cursor: parsed.deltaCursor })
      else cursors.delete(gatewayId)
      const shown = shownHistory.get(gatewayId) ?? []
      const added = parsed.isDelta ? parsed.messages.filter((message) => !shown.some((known) => known.id === message.id)) : []
      // Catch-ups add to what the offline cache keeps; it keeps the newest few pages' worth, not a whole long day.
      shownHistory.set(gatewayId, parsed.isDelta ? [...shown, ...added].slice(-CACHED_AFTER_CATCH_UP) : parsed.messages)
      const latest = parsed.isDelta
        ? withDelta(view(gatewayId), historyItems(added))
        : withLatestPage(view(gatewayId), { history: historyItems(parsed.messages), hasOlder: parsed.hasMore, olderOffset: parsed.nextOffset })
      if (latest.isReplaced) newEpoch(gatewayId)
      const { history, hasOlder, olderOffset } = latest
      patch(gatewayId, ({ live, olderError }) => ({
        history,
        historyState: 'loaded',
        hasOlder,
        olderOffset,
        olderError: latest.isReplaced ? null : olderError,
        live: withoutDelivered(untaggedMatch?.(parsed.messages, live) ?? live, history),
      }))
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

  return {
    showCached,
    loadLatest,
    // Once loaded, synchronously: a retry clears the last failure in the same tick, as the transcript expects.
    loadOlder: (gatewayId) => older.loaded()?.loadOlder(gatewayId) ?? older.load().then((pages) => pages.loadOlder(gatewayId)),
    cacheFinished,
    startOver: (gatewayId) => void newEpoch(gatewayId),
    forget(gatewayId) {
      historyEpochs.delete(gatewayId)
      shownHistory.delete(gatewayId)
      cursors.delete(gatewayId)
      older.loaded()?.forget(gatewayId)
    },
  }
}
