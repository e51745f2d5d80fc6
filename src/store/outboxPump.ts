/**
 * Delivers a gateway's outbox exactly once and paced: per session, strictly in order, each message
 * only once the gateway is idle for that session (its previous run ended, nothing queued; see
 * sessionPacer.ts). Sessions do not wait for each other. An entry leaves IndexedDB only after the
 * gateway's ack; a resend reuses the idempotency key, which the gateway dedupes for about five
 * minutes; past that window, history is checked first.
 */
import { ChatSendAck, defaultTimers, GatewayRequestError, type Timers } from '../gateway'
import type { ParsedHistory } from './chatHistory'
import type { ChatLink, ChatSendParams } from './chatLink'
import { loadOutbox, markOutboxEntry, removeFromOutbox, type OutboxEntry } from './chatStorage'
import { SessionPacer, type SessionActivity } from './sessionPacer'

/** The gateway dedupes a key for 5 minutes; stay well inside that before trusting it alone. */
export const DEDUPE_TRUST_MS = 4 * 60_000
const HISTORY_CHECK_LIMIT = 200
const BUSY_RETRY_MS = 2_000
/**
 * The longest one busy answer parks a message, whatever its retryAfterMs says. NOTE: unclamped, a
 * value past 2^31−1 ms made setTimeout fire at once (a send loop), and one just under it parked the
 * session for weeks.
 */
export const MAX_BUSY_WAIT_MS = 60_000

/** How long to wait after the gateway answered busy `inARow` times running (1 = the first). */
export function busyWaitMs(retryAfterMs: number | undefined, inARow: number): number {
  const backoff = BUSY_RETRY_MS * 2 ** Math.min(Math.max(inARow - 1, 0), 10)
  const hint = retryAfterMs !== undefined && Number.isFinite(retryAfterMs) ? retryAfterMs : 0
  return Math.min(Math.max(hint, backoff), MAX_BUSY_WAIT_MS)
}
/** Still connected with work left (a request timed out): try again after this long. */
export const REPUMP_DELAY_MS = 2_000
/** Busy this long without any chat event for the session: ask history again (an event may be lost). */
export const BUSY_RECHECK_MS = 15_000
/** A session busy this long (someone else keeps it running) no longer holds our next message back. */
export const MAX_PACING_WAIT_MS = 5 * 60_000
/** Acks that mean "this key already ran to its end": nothing to wait for. */
const FINISHED_ACK = new Set(['ok', 'timeout', 'error'])

export type PumpEvents = {
  onSending(key: string): void
  onAcked(key: string): void
  onQueued(key: string): void
  onFailed(key: string, error: string): void
}

export type OutboxPumpOptions = { timers?: Timers; now?: () => number }

export type OutboxPump = {
  /** Starts delivery for every session with pending entries; resolves when those loops stop (drained, or the link is down). */
  kick(): Promise<void>
  /** Whether a delivery loop is working on the session (sending, or waiting for its turn). */
  isDelivering(sessionKey: string): boolean
  /** Stops for good; resolves once no delivery loop can write to the outbox any more. */
  dispose(): Promise<void>
}

export const activityOf = (history: ParsedHistory): SessionActivity => ({
  inFlightRunId: history.inFlightRun?.runId ?? null,
  pendingInputs: history.pendingInputs,
})

function sendParams(entry: OutboxEntry): ChatSendParams {
  const attachments = entry.attachments.map(({ mimeType, fileName, origin, content, sizeBytes }) => ({
    // The gateway reads the kind from the content and mimeType; `type` only names the attachment in its logs.
    type: mimeType.startsWith('image/') ? 'image' : 'file',
    mimeType,
    fileName,
    origin,
    content,
    sizeBytes,
  }))
  return {
    sessionKey: entry.sessionKey,
    message: entry.text,
    idempotencyKey: entry.idempotencyKey,
    ...(attachments.length ? { attachments } : {}),
  }
}

export function createOutboxPump(gatewayId: string, link: ChatLink, events: PumpEvents, options: OutboxPumpOptions = {}): OutboxPump {
  const { client } = link
  const timers = options.timers ?? defaultTimers
  const now = options.now ?? (() => timers.now())
  const pacer = new SessionPacer(timers)
  const loops = new Map<string, { running: Promise<void>; lookAgain: boolean }>()
  /** Per session gate: busy answers in a row (backs the wait off; any other outcome starts over). */
  const busyInARow = new Map<string, number>()
  let isDisposed = false
  let repumpTimer: ReturnType<Timers['set']> | undefined
  const isConnected = () => !isDisposed && client.status.phase === 'connected'
  /** Pauses in progress; dispose ends them early, so nothing outlives the pump. */
  const sleepers = new Set<() => void>()
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        timers.clear(timer)
        sleepers.delete(wake)
        resolve()
      }
      const timer = timers.set(wake, ms)
      sleepers.add(wake)
    })

  const offEvents = link.onChatEvent((event) => pacer.observe(event))
  const offStatus = client.onStatus((status) => {
    if (status.phase === 'connected') return
    pacer.disconnected()
    // A busy answer's wait ends with the link: the loop stops, and the next connect starts it again.
    for (const wake of [...sleepers]) wake()
  })
  // NOTE: an entry written before the first hello may carry the alias "main"; events carry the
  // canonical key (protocol doc §14.1), so the pacer keys on that.
  const gateKey = (sessionKey: string) => link.canonicalKey(sessionKey)
  // Every newest page anyone reads says what the session is doing; older pages say nothing about now.
  // An unreadable answer is left to whoever asked (the probe below treats it as idle).
  const offHistory = link.observeHistory((sessionKey, query) => {
    if (query.offset !== undefined) return () => undefined
    const mark = pacer.mark(gateKey(sessionKey))
    return (answer) => {
      if (answer) pacer.noteHistory(gateKey(sessionKey), activityOf(answer), mark)
    }
  })

  // One delivery loop per gateway session: entries saved under the alias "main" and under its canonical
  // key share a loop (two loops would share one gate and could both send at once).
  const firstPending = async (gate: string) => (await loadOutbox(gatewayId)).find((entry) => entry.state === 'pending' && gateKey(entry.sessionKey) === gate)

  async function readActivity(sessionKey: string, limit: number): Promise<ParsedHistory | null> {
    const mark = pacer.mark(gateKey(sessionKey))
    const history = await link.history(sessionKey, { limit })
    // NOTE: a history the app cannot read must not hold the outbox back forever: treat it as idle.
    if (!history) pacer.noteHistory(gateKey(sessionKey), { inFlightRunId: null, pendingInputs: 0 }, mark)
    return history
  }

  /** Waits until the gateway is idle for the session; false when the link went down meanwhile. */
  async function waitForTurn(sessionKey: string): Promise<boolean> {
    const startedAt = now()
    const gate = gateKey(sessionKey)
    for (;;) {
      if (!isConnected()) return false
      const state = pacer.state(gate)
      if (state === 'idle' || now() - startedAt >= MAX_PACING_WAIT_MS) return true
      if (state === 'unknown') {
        try {
          await readActivity(sessionKey, 1)
        } catch {
          // Disconnected (the loop ends above) or timed out (look again after a pause).
          if (isConnected() && !(await pacer.waitForChange(gate, BUSY_RETRY_MS))) pacer.noteSettled(gate)
        }
        continue
      }
      if (!(await pacer.waitForChange(gate, BUSY_RECHECK_MS))) pacer.recheck(gate)
    }
  }

  /** Sends one entry; returns false when the loop must stop (link down or request timed out). */
  async function deliver(next: OutboxEntry): Promise<boolean> {
    const { idempotencyKey: key, sessionKey } = next
    const gate = gateKey(sessionKey)
    events.onSending(key)
    try {
      if (next.attempts > 0 && now() - next.createdAtMs > DEDUPE_TRUST_MS) {
        const history = await readActivity(sessionKey, HISTORY_CHECK_LIMIT)
        if (history?.messages.some((message) => message.inputKey === key)) {
          await removeFromOutbox(gatewayId, key)
          events.onAcked(key)
          return true
        }
        if (pacer.state(gate) !== 'idle') {
          events.onQueued(key)
          return true
        }
      }
      await markOutboxEntry(gatewayId, key, { attempts: next.attempts + 1 })
      pacer.noteSending(gate, key)
      const ack = ChatSendAck.safeParse(await link.send(sendParams(next)))
      // Deduped as already finished: no run will end for it now. Otherwise wait for its run (and the queue).
      if (ack.success && (FINISHED_ACK.has(ack.data.status) || ack.data.replayed)) pacer.noteSettled(gate)
      busyInARow.delete(gate)
      await removeFromOutbox(gatewayId, key)
      events.onAcked(key)
      return true
    } catch (error) {
      if (isConnected()) pacer.noteSettled(gate)
      if ((error instanceof GatewayRequestError && !error.retryable) || error instanceof RangeError) {
        await markOutboxEntry(gatewayId, key, { state: 'failed', error: error.message })
        events.onFailed(key, error.message)
        return true
      }
      events.onQueued(key)
      if (error instanceof GatewayRequestError) {
        // Busy (UNAVAILABLE, retryable): wait as told (clamped, longer each time), then the same entry goes again.
        const inARow = (busyInARow.get(gate) ?? 0) + 1
        busyInARow.set(gate, inARow)
        await pause(busyWaitMs(error.retryAfterMs, inARow))
        return true
      }
      // Disconnected or timed out: it stays pending and goes again, same key, later.
      return false
    }
  }

  async function deliverSession(sessionKey: string): Promise<void> {
    while (isConnected() && (await firstPending(sessionKey))) {
      if (!(await waitForTurn(sessionKey))) return
      // Read again after the wait: the user may have discarded or retried entries meanwhile.
      const next = await firstPending(sessionKey)
      if (!next || !(await deliver(next))) return
    }
  }

  function runSession(sessionKey: string): Promise<void> {
    const current = loops.get(sessionKey)
    if (current) {
      // Running: it must look once more before it ends (an entry may have come after its last look).
      current.lookAgain = true
      return current.running
    }
    const loop = { running: Promise.resolve(), lookAgain: false }
    loops.set(sessionKey, loop)
    loop.running = (async () => {
      try {
        do {
          loop.lookAgain = false
          await deliverSession(sessionKey)
        } while (loop.lookAgain && isConnected())
      } finally {
        loops.delete(sessionKey)
      }
      if (isConnected() && (await firstPending(sessionKey))) {
        timers.clear(repumpTimer)
        repumpTimer = timers.set(() => void kick(), REPUMP_DELAY_MS)
      }
    })()
    return loop.running
  }

  async function kick(): Promise<void> {
    if (!isConnected()) return
    const sessions = new Set((await loadOutbox(gatewayId)).filter((entry) => entry.state === 'pending').map((entry) => gateKey(entry.sessionKey)))
    await Promise.all([...sessions].map(runSession))
  }

  return {
    kick,
    isDelivering: (sessionKey) => loops.has(gateKey(sessionKey)),
    async dispose() {
      isDisposed = true
      timers.clear(repumpTimer)
      offEvents()
      offStatus()
      offHistory()
      // Wakes every loop that waits (its turn, a busy answer's pause): each then sees it must stop.
      pacer.disconnected()
      for (const wake of [...sleepers]) wake()
      await Promise.all([...loops.values()].map((loop) => loop.running))
    },
  }
}
