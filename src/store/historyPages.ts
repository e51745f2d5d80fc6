/**
 * How a fresh newest page of history joins the pages a reader already scrolled back through: pure
 * functions, no store, no I/O.
 */
import type { ChatItem } from './chatItems'

/** The transcript's history and where the next older page starts (an offset counted from the newest record). */
export type HistoryWindow = { history: ChatItem[]; hasOlder: boolean; olderOffset: number | null }

/**
 * The newest page, with the older items already loaded kept before it when the page reaches back
 * into them. NOTE: every reconnect and every finished reply reloads the newest page; replacing the
 * whole history each time threw away the pages a reader had scrolled back to (the view jumped), and
 * an older page still on its way then landed after a gap. Kept items keep the older cursor: it
 * still points past the oldest of them. The gateway counts offsets from the newest record, so after
 * new messages the cursor is a little short and the next older page repeats some items; those are
 * dropped by id. A page that holds the whole session, or one that does not reach the loaded items
 * (many messages came meanwhile, or the session was reset), replaces everything.
 */
export function withLatestPage(current: HistoryWindow, page: HistoryWindow): HistoryWindow & { isReplaced: boolean } {
  const oldestOfPage = page.history[0]
  const joinAt = page.hasOlder && oldestOfPage ? current.history.findIndex((item) => item.id === oldestOfPage.id) : -1
  if (joinAt <= 0) return { ...page, isReplaced: true }
  return { history: [...current.history.slice(0, joinAt), ...page.history], hasOlder: current.hasOlder, olderOffset: current.olderOffset, isReplaced: false }
}

/** An older page put before the loaded history, without the items it repeats. */
export function withOlderPage(current: HistoryWindow, page: HistoryWindow): HistoryWindow {
  const known = new Set(current.history.map((item) => item.id))
  return { history: [...page.history.filter((item) => !known.has(item.id)), ...current.history], hasOlder: page.hasOlder, olderOffset: page.olderOffset }
}

/** What came after the last answer (a `deltaCursor` catch-up) put after the loaded history; the older cursor stays. */
export function withDelta(current: HistoryWindow, added: ChatItem[]): HistoryWindow & { isReplaced: false } {
  return { history: [...current.history, ...added], hasOlder: current.hasOlder, olderOffset: current.olderOffset, isReplaced: false }
}
