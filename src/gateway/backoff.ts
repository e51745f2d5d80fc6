/**
 * Reconnect delays: exponential backoff with full jitter (a random delay between 0 and the
 * exponential ceiling), so a gateway restart is not met by every client at the same instant, and
 * the first retry comes within 300 ms so a brief drop is barely visible.
 *
 * The cap is 2 s: at the cap a retry comes 1 s after the gateway is back on average (5 s made that
 * 2.5 s, the reconnect benchmark's biggest loss). A refused connect costs a down gateway nothing,
 * and once it listens but is still starting it answers with its own retryAfterMs, which wins.
 */
export const BACKOFF = { baseMs: 300, factor: 2, capMs: 2_000 } as const
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
