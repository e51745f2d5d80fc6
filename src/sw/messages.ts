/**
 * Messages the app's pages post to the worker, and what the worker does with them. The page side is
 * src/ui/pwa/serviceWorker.ts: the update toast's Reload posts SKIP_WAITING to the waiting worker.
 */
export const ClientMessage = { SkipWaiting: 'SKIP_WAITING' } as const
export type ClientMessage = (typeof ClientMessage)[keyof typeof ClientMessage]

/** The part of the worker's global scope a message may act on; the entry passes `self`. */
export interface MessageTarget {
  skipWaiting(): Promise<void>
}

/**
 * A waiting version activates only when a page asks: the user chose Reload, so no open tab is
 * switched under an unsent draft. Anything that is not a known message is ignored.
 */
export function handleClientMessage(data: unknown, worker: MessageTarget): void {
  const type = typeof data === 'object' && data !== null ? (data as { type?: unknown }).type : undefined
  if (type === ClientMessage.SkipWaiting) void worker.skipWaiting()
}
