/**
 * What the outbox knows about each session's runs, so it sends a message only when the gateway is
 * idle for that session.
 *
 * NOTE: a `chat.send` that arrives while a run is active is not refused. The gateway acks it
 * "started", sends an empty `final` for its key at once and queues it; a later run under a fresh
 * run id answers it. That queue holds about 20 and summarises the rest ("[Queue overflow] Dropped
 * N messages"), and it may merge close messages into one turn. Only `chat.history` shows the
 * queue (`inFlightRun`, `pendingInputs`), so a session counts as idle only after a history answer
 * says so, and any chat event, send or disconnect makes that answer stale.
 */
import type { ChatEvent, Timers } from '../gateway'

export type SessionActivity = { inFlightRunId: string | null; pendingInputs: number }

/**
 * - `idle`: the last history answer showed no run and nothing queued, and nothing has happened since.
 * - `busy`: a run is going (ours after its ack, or one whose events arrive) or the queue is not empty.
 * - `unknown`: ask `chat.history` before the next send (first look, after a run ended, after a reconnect).
 */
export type GateState = 'idle' | 'busy' | 'unknown'

type Gate = { epoch: number; state: GateState; runId: string | null }

const TERMINAL = new Set<ChatEvent['state']>(['final', 'aborted', 'error'])

export class SessionPacer {
  private readonly gates = new Map<string, Gate>()
  private readonly waiters = new Map<string, Set<() => void>>()

  constructor(private readonly timers: Timers) {}

  private gate(sessionKey: string): Gate {
    let gate = this.gates.get(sessionKey)
    if (!gate) this.gates.set(sessionKey, (gate = { epoch: 0, state: 'unknown', runId: null }))
    return gate
  }

  private change(sessionKey: string, state: GateState, runId: string | null): void {
    const gate = this.gate(sessionKey)
    gate.epoch += 1
    gate.state = state
    gate.runId = runId
    const waiters = this.waiters.get(sessionKey)
    this.waiters.delete(sessionKey)
    for (const wake of waiters ?? []) wake()
  }

  state(sessionKey: string): GateState {
    return this.gate(sessionKey).state
  }

  /** The run the session is busy with, when known. */
  runId(sessionKey: string): string | null {
    return this.gate(sessionKey).runId
  }

  /** Take before asking `chat.history`; hand back with the answer so a stale one is ignored. */
  mark(sessionKey: string): number {
    return this.gate(sessionKey).epoch
  }

  noteHistory(sessionKey: string, activity: SessionActivity, epoch: number): void {
    if (this.gate(sessionKey).epoch !== epoch) return
    const isBusy = activity.inFlightRunId !== null || activity.pendingInputs > 0
    this.change(sessionKey, isBusy ? 'busy' : 'idle', activity.inFlightRunId)
  }

  /** A `chat.send` is going out with this key (= its run id). */
  noteSending(sessionKey: string, runId: string): void {
    this.change(sessionKey, 'busy', runId)
  }

  /** The send ended without a run to wait for (deduped as completed, refused, busy): look again. */
  noteSettled(sessionKey: string): void {
    this.change(sessionKey, 'unknown', null)
  }

  observe(event: ChatEvent): void {
    const gate = this.gate(event.sessionKey)
    // Any run ending may leave queued messages behind (or be the empty "final" of a queued one).
    if (TERMINAL.has(event.state)) this.change(event.sessionKey, 'unknown', null)
    else this.change(event.sessionKey, 'busy', gate.state === 'busy' && gate.runId ? gate.runId : event.runId)
  }

  /** Events may have been missed while the link was down: every session needs a fresh look. */
  disconnected(): void {
    for (const sessionKey of [...this.gates.keys()]) this.change(sessionKey, 'unknown', null)
  }

  /** Busy for a long while with no event: maybe one was lost, so look again. */
  recheck(sessionKey: string): void {
    if (this.gate(sessionKey).state === 'busy') this.change(sessionKey, 'unknown', this.gate(sessionKey).runId)
  }

  /** Resolves true at the session's next change (or a disconnect), false after `ms` without one. */
  waitForChange(sessionKey: string, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const waiters = this.waiters.get(sessionKey) ?? new Set()
      this.waiters.set(sessionKey, waiters)
      const wake = () => {
        this.timers.clear(timer)
        resolve(true)
      }
      const timer = this.timers.set(() => {
        waiters.delete(wake)
        resolve(false)
      }, ms)
      waiters.add(wake)
    })
  }
}
