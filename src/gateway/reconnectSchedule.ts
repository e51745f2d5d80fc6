/**
 * When the client tries again after a lost or refused connection: the backoff (grown from how long
 * the link has been down) unless the gateway said how long to wait, and, when it said "connect
 * again in N ms" (it listens but is not ready, as while it starts), the moment before which no
 * connect request may leave, whichever socket carries it.
 */
import { backoffDelay, backoffFor } from './backoff'

/** The longest a server hint (retryAfterMs, restartExpectedMs) may postpone a reconnect. */
export const MAX_RETRY_AFTER_MS = 5 * 60_000
/**
 * How long before a gateway's "connect again in N ms" runs out the next socket opens. While the
 * gateway starts, answering a new socket's upgrade with its challenge took 0.2–1.1 s (measured with
 * a real gateway under a second client's load); opened early, the socket is ready and the connect
 * leaves the moment the hint allows, not that long after. Far below the gateway's 15 s handshake
 * timeout and our own challenge timeout.
 */
export const PREOPEN_LEAD_MS = 2_000

export type RetryHint = {
  /** The gateway listens and asked for no connect before this (UNAVAILABLE retryAfterMs). */
  connectAfterMs?: number
  /** Nothing listens for this long (a restart's restartExpectedMs). */
  retryAfterMs?: number
}

export type NextTry = {
  /** Until the next connect may leave, as the status shows it. */
  retryInMs: number
  /** Until the next socket opens: earlier than `retryInMs` when only the connect must wait. */
  openInMs: number
}

export class ReconnectSchedule {
  private attempts = 0
  private downSinceMs: number | undefined
  private connectNotBefore: number | undefined

  constructor(
    private readonly now: () => number,
    private readonly random: () => number,
  ) {}

  /** Tries since the last successful connect. */
  get attempt(): number {
    return this.attempts
  }

  /** A retryable failure happened: plan the next try. */
  next(hint: RetryHint): NextTry {
    this.downSinceMs ??= this.now()
    const hintMs = hint.connectAfterMs ?? hint.retryAfterMs
    const retryInMs =
      hintMs !== undefined ? Math.min(hintMs, MAX_RETRY_AFTER_MS) : backoffDelay(this.attempts, this.random, backoffFor(this.now() - this.downSinceMs))
    this.attempts += 1
    if (hint.connectAfterMs === undefined) return { retryInMs, openInMs: retryInMs }
    // The gateway that asked for the wait listens: the next socket may open before it ends, and the
    // hint holds for every connect until then.
    this.connectNotBefore = this.now() + retryInMs
    return { retryInMs, openInMs: Math.max(0, retryInMs - PREOPEN_LEAD_MS) }
  }

  /** How long the next connect request must still wait for the gateway's hint (0: none). */
  connectHoldMs(): number {
    if (this.connectNotBefore === undefined) return 0
    const holdMs = this.connectNotBefore - this.now()
    if (holdMs > 0) return holdMs
    this.connectNotBefore = undefined
    return 0
  }

  /** The user asked to retry: that outweighs the gateway's "come back in a moment". */
  dropHold(): void {
    this.connectNotBefore = undefined
  }

  /** Connected: the next outage starts from the first, quickest retry. */
  reset(): void {
    this.attempts = 0
    this.downSinceMs = undefined
    this.connectNotBefore = undefined
  }
}
