/**
 * What one connection's events say about the connection itself: the seq high-water mark (to report
 * events lost in between) and the restart the gateway announced in its `shutdown` event (so the
 * close that follows is read as a restart, not a failure). Both start over with each connection.
 */
import { ShutdownEvent, type EventFrame } from './protocol'

export class EventOrder {
  private lastSeq: number | null = null
  private announcedRestartMs: number | undefined

  /** The restart delay the gateway announced on this connection, if it did. */
  get restartExpectedMs(): number | undefined {
    return this.announcedRestartMs
  }

  /** Reads one event; returns the lost range when its seq skips ahead ("events 4..6 were lost"), else null. */
  see(frame: EventFrame): string | null {
    let gap: string | null = null
    if (frame.seq !== undefined) {
      if (this.lastSeq !== null && frame.seq > this.lastSeq + 1) gap = `events ${this.lastSeq + 1}..${frame.seq - 1} were lost`
      // A high-water mark: a seq that goes backwards must not make the next normal one look like a gap
      // (each gap reloads history, so alternating 1000, 0, 1000, 0 would be a request storm).
      if (this.lastSeq === null || frame.seq > this.lastSeq) this.lastSeq = frame.seq
    }
    if (frame.event === 'shutdown') {
      const shutdown = ShutdownEvent.safeParse(frame.payload)
      if (shutdown.success && shutdown.data.restartExpectedMs !== undefined) this.announcedRestartMs = shutdown.data.restartExpectedMs
    }
    return gap
  }

  /** A new connection: nothing seen yet, nothing announced. */
  reset(): void {
    this.lastSeq = null
    this.announcedRestartMs = undefined
  }
}
