/**
 * Requests waiting for their response: each has a timeout, and all are rejected at once when the
 * socket goes away (the gateway keeps working on them; callers resend with the same idempotency key).
 */
import { GatewayDisconnectedError, GatewayRequestError, GatewayTimeoutError } from './errors'
import type { ResFrame } from './protocol'
import type { TimerId, Timers } from './timers'

type Pending = { method: string; resolve: (payload: unknown) => void; reject: (error: Error) => void; timer: TimerId }

export class PendingRequests {
  private readonly pending = new Map<string, Pending>()
  constructor(private readonly timers: Timers) {}

  get size(): number {
    return this.pending.size
  }

  add(id: string, method: string, timeoutMs: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = this.timers.set(() => {
        this.pending.delete(id)
        reject(new GatewayTimeoutError(`${method} got no answer within ${timeoutMs} ms`))
      }, timeoutMs)
      this.pending.set(id, { method, resolve, reject, timer })
    })
  }

  /** Settles the request a response belongs to; false when no request has that id. */
  settle(frame: ResFrame): boolean {
    const entry = this.pending.get(frame.id)
    if (!entry) return false
    this.pending.delete(frame.id)
    this.timers.clear(entry.timer)
    if (frame.ok) {
      entry.resolve(frame.payload)
    } else {
      const error = frame.error
      entry.reject(
        new GatewayRequestError(
          error?.code ?? 'UNKNOWN',
          error?.message ?? `${entry.method} failed`,
          error?.retryable ?? false,
          error?.details,
          error?.retryAfterMs,
        ),
      )
    }
    return true
  }

  rejectAll(reason: string): void {
    for (const [id, entry] of this.pending) {
      this.timers.clear(entry.timer)
      entry.reject(new GatewayDisconnectedError(`${entry.method} interrupted: ${reason}`))
      this.pending.delete(id)
    }
  }
}
