/**
 * Older pages of a session's history, asked only as the reader scrolls back (the transcript asks whenever
 * its top is in view): a chunk of its own, loaded on the first ask, so the first screen does not carry it.
 */
import { GatewayDisconnectedError, GatewayRequestError, GatewayTimeoutError } from '../gateway'
import { historyItems } from './chatItems'
import type { ChatLink } from './chatLink'
import type { ChatViews } from './chatView'
import { withOlderPage } from './historyPages'

function olderFailure(error: unknown): string {
  if (error instanceof GatewayTimeoutError) return 'the gateway did not answer in time'
  if (error instanceof GatewayRequestError) return `the gateway refused: ${error.message}`
  return error instanceof Error ? error.message : String(error)
}

/** Older pages, asked only as the reader scrolls back: more at once, fewer waits. */
export const OLDER_PAGE = 100

export type OlderPages = { loadOlder(gatewayId: string): Promise<void>; forget(gatewayId: string): void }

/**
 * `epoch`: bumped whenever the history shown is replaced; a page asked for before then is dropped.
 * `maxChars`: the newest page's, so that every page shows long replies alike.
 */
export function createOlderPages(
  views: ChatViews,
  linkOf: (gatewayId: string) => ChatLink | undefined,
  epoch: (gatewayId: string) => number,
  maxChars: number,
): OlderPages {
  const { view, patch } = views
  const olderLoads = new Map<string, Promise<void>>()

  function loadOlder(gatewayId: string): Promise<void> {
    // One page at a time: the transcript asks again on every render while its top is in view.
    const running = olderLoads.get(gatewayId)
    if (running) return running
    const load = (async () => {
      const link = linkOf(gatewayId)
      const { sessionKey, olderOffset, hasOlder } = view(gatewayId)
      if (!link || !sessionKey || !hasOlder || olderOffset === null) return
      const askedIn = epoch(gatewayId)
      if (view(gatewayId).olderError) patch(gatewayId, () => ({ olderError: null }))
      const failed = (olderError: string) => {
        if (askedIn === epoch(gatewayId)) patch(gatewayId, () => ({ olderError }))
      }
      let parsed: Awaited<ReturnType<ChatLink['history']>>
      try {
        parsed = await link.history(sessionKey, { limit: OLDER_PAGE, offset: olderOffset, maxChars })
      } catch (error) {
        // A dropped link is no failure to show: the transcript asks again once connected.
        if (!(error instanceof GatewayDisconnectedError)) failed(olderFailure(error))
        return
      }
      if (askedIn !== epoch(gatewayId)) return
      if (!parsed) {
        failed('the gateway’s answer did not match the protocol')
        return
      }
      // A cursor that does not move would have the transcript ask for the same page forever.
      if (parsed.hasMore && (parsed.nextOffset === null || parsed.nextOffset <= olderOffset)) {
        failed('the gateway’s history did not go further back')
        return
      }
      patch(gatewayId, (current) =>
        withOlderPage(current, { history: historyItems(parsed.messages), hasOlder: parsed.hasMore, olderOffset: parsed.nextOffset }),
      )
    })().finally(() => olderLoads.delete(gatewayId))
    olderLoads.set(gatewayId, load)
    return load
  }

  return { loadOlder, forget: (gatewayId) => void olderLoads.delete(gatewayId) }
}
