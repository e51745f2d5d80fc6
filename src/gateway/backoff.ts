/**
 * Reconnect delays: exponential backoff with full jitter (a random delay between 0 and the
 * exponential ceiling), so a gateway restart is not met by every client at the same instant, and
 * the first retry comes within 300 ms so a brief drop is barely visible.
 *
 * The cap depends on how long the link has been down. For the first minute it is 2 s: a gateway
 * restart takes a few seconds, and a retry then comes 1 s after the gateway is back on average (a
 * 5 s cap made that 2.5 s, the reconnect benchmark's biggest loss; a 1 s cap measured no better,
 * as the extra attempts meet the gateway while it starts and wait out its retryAfterMs anyway).
 * After a minute the outage is a long one (gateway host asleep, no route) and the cap is 5 s, so a
 * phone left open does not wake its radio every second for hours. Once the gateway listens but is
 * still starting, it answers with its own retryAfterMs, which wins.
 */
export const BACKOFF = { baseMs: 300, factor: 2, capMs: 2_000 } as const
export const LONG_OUTAGE = { afterMs: 60_000, capMs: 5_000 } as const
export type Backoff = { baseMs: number; factor: number; capMs: number }

/** Upper bound of the delay before retry number `attempt` (0-based). */
export function backoffCeiling(attempt: number, backoff: Backoff = BACKOFF): number {
  const exponent = Math.max(0, Math.min(attempt, 30))
  return Math.min(backoff.capMs, backoff.baseMs * backoff.factor ** exponent)
}

/** A delay in [0, ceiling); `random` is injectable so tests are deterministic. */
export function backoffDelay(attempt: number, random: () => number = Math.random, backoff: Backoff = BACKOFF): number {
  const unit = Math.min(Math.max(random(), 0), 1 - Number.EPSILON)
  return Math.floor(unit * backoffCeiling(attempt, backoff))
}

/** The backoff for a link that has been down `downForMs`: quick retries first, sparse ones in a long outage. */
export function backoffFor(downForMs: number): Backoff {
  return downForMs < LONG_OUTAGE.afterMs ? BACKOFF : { ...BACKOFF, capMs: LONG_OUTAGE.capMs }
}
