// @vitest-environment node
// Property test for the paced outbox (createOutboxPump), through its public surface only. The test
// plays the gateway: it keeps a small model of each session (a run going or not) and answers
// `chat.send` and `chat.history` from a generated script, ends runs with terminal `chat` events and
// moves the pump's clock, in a generated interleaving. Whatever it answers:
//   (a) at most one `chat.send` per session is outstanding, and a session's next message goes out
//       only after a `chat.history` answer said the session is idle (no run, nothing queued);
//   (b) per session, sends go out in outbox order and never go back; a resend after a busy answer
//       reuses the same idempotency key;
//   (c) every entry goes out, and the pump's run ends;
//   (d) acked entries leave the outbox, refused ones stay, marked failed, in outbox order.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ManualTimers, useFakeGateway, type GatewayConnection, type SentRequest } from '../gateway/testing/fakeGateway'
import { createChatLink } from './chatLink'
import { addToOutbox, loadOutbox } from './chatStorage'
import { createOutboxPump, MAX_PACING_WAIT_MS, type PumpEvents } from './outboxPump'
import { clearAllDatabases, outboxEntry, settle } from './testing/storeTestkit'

const GW = 'gw-pump-property'
const SESSIONS = ['agent:main:main', 'agent:main:dashboard:a', 'agent:main:dashboard:b']
const fake = useFakeGateway()

/** Answers to `chat.send`: a run starts; deduped as already finished; refused; busy (retry at once / after the default pause). */
type SendAnswer = 'ack' | 'ackFinished' | 'refuse' | 'busy' | 'busyDefault'
/** Answers to `chat.history` while the session is idle in the model: idle, or someone else's run / a queued input that ends later. */
type LookAnswer = 'idle' | 'running' | 'queued'
type Scenario = { entrySessions: number[]; sends: SendAnswer[]; looks: LookAnswer[]; schedule: number[] }

/** Script-chosen clock moves stay below this in total, so the pump's "busy too long, send anyway" never applies. */
const CLOCK_BUDGET_MS = MAX_PACING_WAIT_MS / 2
const TERMINAL = ['final', 'aborted', 'error'] as const

type SessionModel = {
  /** The run the gateway has going for the session (ours after a "started" ack, or someone else's). */
  run: string | null
  queued: boolean
  /** The last `chat.history` answer said idle, and no `chat.send` came since. */
  reportedIdle: boolean
  /** Index (in this session's entries) of the entry the next send must carry. */
  next: number
}

type Action = { kind: 'answer'; request: SentRequest } | { kind: 'delta' | 'end'; session: string } | { kind: 'advance'; ms: number }

const paramsOf = (request: SentRequest) => request.params as { sessionKey: string; idempotencyKey?: string; message?: string; limit?: number }

async function runScenario({ entrySessions, sends, looks, schedule }: Scenario): Promise<void> {
  await clearAllDatabases()
  await fake.renew()
  const { h, connection } = await fake.connected()
  const clock = new ManualTimers()
  const startedAt = clock.now()
  const entries = entrySessions.map((session, index) => outboxEntry(`k${index}`, { sessionKey: SESSIONS[session] }))
  for (const entry of entries) await addToOutbox(GW, entry)
  const entriesOf = (session: string) => entries.filter((entry) => entry.sessionKey === session)

  const log: string[] = []
  const events: PumpEvents = {
    onSending: () => {},
    onQueued: () => {},
    onAcked: (key) => log.push(`acked:${key}`),
    onFailed: (key) => log.push(`failed:${key}`),
  }
  const pump = createOutboxPump(GW, createChatLink(h.client), events, { timers: clock })
  let isDone = false
  const pumping = pump.kick().then(() => (isDone = true))

  const model = new Map<string, SessionModel>(SESSIONS.map((session) => [session, { run: null, queued: false, reportedIdle: false, next: 0 }]))
  const outstanding: SentRequest[] = []
  const acked = new Set<string>()
  const refused = new Set<string>()
  let seenFrames = 0
  let foreignRuns = 0
  let sendScript = 0
  let lookScript = 0

  const take = (request: SentRequest) => {
    const { sessionKey, idempotencyKey } = paramsOf(request)
    const session = model.get(sessionKey)!
    if (request.method === 'chat.history') {
      expect(paramsOf(request).limit).toBe(1)
    } else if (request.method === 'chat.send') {
      // (a) One at a time per session, and only after the gateway said the session is idle.
      expect(
        outstanding.filter((other) => other.method === 'chat.send' && paramsOf(other).sessionKey === sessionKey),
        `second chat.send in ${sessionKey}`,
      ).toEqual([])
      expect(session.reportedIdle, `${idempotencyKey} sent without an idle chat.history answer for ${sessionKey}`).toBe(true)
      expect(session.run, `${idempotencyKey} sent while run ${session.run} was going`).toBeNull()
      // (b) In order, never back; the same key again after a busy answer (next did not move).
      const expected = entriesOf(sessionKey)[session.next]
      expect(idempotencyKey, `send out of order in ${sessionKey}`).toBe(expected?.idempotencyKey)
      expect(paramsOf(request).message).toBe(expected!.text)
      session.reportedIdle = false
    } else {
      throw new Error(`unexpected request ${request.method}`)
    }
    outstanding.push(request)
  }

  const answer = (connection: GatewayConnection, request: SentRequest) => {
    outstanding.splice(outstanding.indexOf(request), 1)
    const { sessionKey, idempotencyKey: key } = paramsOf(request)
    const session = model.get(sessionKey)!
    if (request.method === 'chat.history') {
      const base = { sessionKey, messages: [], pendingInputs: { items: [], total: 0 } }
      if (!session.run) {
        const look = looks[lookScript++] ?? 'idle'
        session.reportedIdle = look === 'idle'
        if (look !== 'idle') {
          session.run = `theirs-${++foreignRuns}`
          session.queued = look === 'queued'
        }
      } else {
        session.reportedIdle = false
      }
      if (!session.run) connection.respond(request.id, base)
      else if (session.queued) connection.respond(request.id, { ...base, pendingInputs: { items: [{ runId: session.run, state: 'queued' }], total: 1 } })
      else connection.respond(request.id, { ...base, inFlightRun: { runId: session.run, text: '' } })
      return
    }
    const reply = sends[sendScript++] ?? 'ack'
    if (reply === 'busy' || reply === 'busyDefault') {
      connection.fail(request.id, { code: 'UNAVAILABLE', message: 'busy', retryable: true, ...(reply === 'busy' ? { retryAfterMs: 0 } : {}) })
      return
    }
    session.next += 1
    if (reply === 'refuse') {
      refused.add(key!)
      connection.fail(request.id, { code: 'INVALID_REQUEST', message: 'no' })
      return
    }
    acked.add(key!)
    if (reply === 'ack') {
      session.run = key!
      session.queued = false
    }
    connection.respond(request.id, { runId: key, status: reply === 'ack' ? 'started' : 'ok' })
  }

  try {
    let quietRounds = 0
    for (let step = 0; ; step++) {
      if (step > 400) throw new Error('the exchange does not end')
      await settle()
      while (seenFrames < connection.frames.length) {
        const frame = connection.frames[seenFrames++]!
        if (frame.type === 'req' && frame.method !== 'connect') take(frame as SentRequest)
      }
      if (isDone && outstanding.length === 0) break

      const actions: Action[] = outstanding.map((request) => ({ kind: 'answer', request }))
      for (const [session, { run }] of model) if (run) actions.push({ kind: 'end', session }, { kind: 'delta', session })
      const soonest = clock.pending()[0]
      // Time passes when the script says so (within budget), or when nothing else can happen.
      if (soonest !== undefined && (actions.length === 0 || clock.now() - startedAt + soonest <= CLOCK_BUDGET_MS))
        actions.push({ kind: 'advance', ms: soonest })
      if (actions.length === 0) {
        // (c) The pump must not stall: it either asks something or finishes.
        if (++quietRounds > 30)
          throw new Error(`the pump stalled: sent ${JSON.stringify(connection.requestsFor('chat.send').map((r) => paramsOf(r).idempotencyKey))}`)
        continue
      }
      quietRounds = 0
      const choice = schedule[step]
      // Past the script: answer first, then end runs, then let time pass (always drains).
      const action = choice === undefined ? actions.find((a) => a.kind !== 'delta')! : actions[choice % actions.length]!
      if (action.kind === 'answer') answer(connection, action.request)
      else if (action.kind === 'advance') clock.advance(action.ms)
      else {
        const session = model.get(action.session)!
        const state = action.kind === 'delta' ? 'delta' : TERMINAL[(choice ?? 0) % TERMINAL.length]
        connection.event('chat', {
          runId: session.run,
          sessionKey: action.session,
          seq: step,
          state,
          message: { role: 'assistant', content: [{ type: 'text', text: '…' }] },
        })
        if (action.kind === 'end') {
          session.run = null
          session.queued = false
        }
      }
    }
    await pumping

    // (c) Every entry went out; (b) each session got through its entries in order.
    const sentKeys = new Set(connection.requestsFor('chat.send').map((request) => paramsOf(request).idempotencyKey))
    expect([...sentKeys].sort()).toEqual(entries.map((entry) => entry.idempotencyKey).sort())
    for (const [session, { next }] of model) expect(next, `entries of ${session} that got through`).toBe(entriesOf(session).length)
    // (d) Acked entries left; refused ones stay, failed, in outbox order.
    const left = await loadOutbox(GW)
    expect(left.map((entry) => [entry.idempotencyKey, entry.state])).toEqual(
      entries.filter((entry) => refused.has(entry.idempotencyKey)).map((entry) => [entry.idempotencyKey, 'failed']),
    )
    expect(log.filter((line) => line.startsWith('acked:')).sort()).toEqual([...acked].map((key) => `acked:${key}`).sort())
    expect(log.filter((line) => line.startsWith('failed:')).sort()).toEqual([...refused].map((key) => `failed:${key}`).sort())
    // The scenario's own assumption: no wait ever reached the pump's "send anyway" limit.
    expect(clock.now() - startedAt).toBeLessThan(MAX_PACING_WAIT_MS)
  } finally {
    pump.dispose()
  }
}

describe('createOutboxPump (property)', () => {
  it('paces each session: one send at a time, only when idle, in order; acked entries leave, refused ones stay failed', { timeout: 30_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          entrySessions: fc.array(fc.integer({ min: 0, max: SESSIONS.length - 1 }), { minLength: 1, maxLength: 6 }),
          sends: fc.array(fc.constantFrom<SendAnswer>('ack', 'ackFinished', 'refuse', 'busy', 'busyDefault'), { maxLength: 12 }),
          looks: fc.array(fc.constantFrom<LookAnswer>('idle', 'running', 'queued'), { maxLength: 12 }),
          schedule: fc.array(fc.nat({ max: 1_000 }), { maxLength: 40 }),
        }),
        runScenario,
      ),
      { numRuns: 100 },
    )
  })
})
