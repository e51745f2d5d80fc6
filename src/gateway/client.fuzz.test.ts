// @vitest-environment node
/**
 * Hostile-input fuzzing of a GatewayClient (issue #6): fast-check writes what a confused or hostile
 * gateway might send, the FakeGateway sends it over a real socket, and what the client reports is
 * checked against a small model of the protocol. Time is a ManualTimers clock, never the wall clock.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { CHALLENGE_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from './client'
import { GatewayRequestError } from './errors'
import { delay, helloPayload, MemoryVault, useFakeGateway, type GatewayConnection, type Harness, type JsonObject } from './testing/fakeGateway'

const fake = useFakeGateway()
// One vault for every run, so the Ed25519 identity is generated once.
const vault = new MemoryVault({ shared: { token: 'shared-token' } })
/** Past this a real setTimeout fires at once (browsers and Node alike). */
const MAX_TIMER_MS = 2 ** 31 - 1
const SANE_PHASES = ['connected', 'connecting', 'reconnecting', 'needs-user']

const escaped: unknown[] = []
const onEscape = (error: unknown) => escaped.push(error)
beforeAll(() => {
  process.on('unhandledRejection', onEscape)
  process.on('uncaughtException', onEscape)
})
afterAll(() => {
  process.off('unhandledRejection', onEscape)
  process.off('uncaughtException', onEscape)
})

const json = fc.jsonValue({ maxDepth: 3 })
const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T
const isFrameLike = (value: unknown) => typeof value === 'object' && value !== null && 'type' in value

/** 'next' continues the count, back/jump move relative to it, a number is absolute. */
type Seq = 'next' | { back: number } | { jump: number } | number | undefined
type Action =
  | { kind: 'event'; event: string; payload: unknown; seq: Seq }
  | { kind: 'invalid'; text: string }
  | { kind: 'binary'; asArrayBuffer: boolean }
  | { kind: 'request' }
  | { kind: 'answer'; pick: number; ok: boolean; payload: unknown; code: string }
  | { kind: 'stranger'; id: string }
  | { kind: 'connect-again'; ok: boolean; policy: unknown }
  | { kind: 'advance'; ms: number }

const restartHintArb = fc.oneof(fc.constantFrom(0, -1, 1e300, 2 ** 31, 2 ** 53 - 1), fc.nat())
const OVERSIZED = { blob: 'x'.repeat(300_000) }
const seqArb: fc.Arbitrary<Seq> = fc.oneof(
  { weight: 5, arbitrary: fc.constant<Seq>('next') },
  { weight: 2, arbitrary: fc.record({ back: fc.integer({ min: 0, max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ jump: fc.integer({ min: 2, max: 4 }) }) },
  fc.constant<Seq>(undefined),
  fc.nat({ max: 40 }),
  fc.constant(2 ** 53 - 1),
)

const eventArb: fc.Arbitrary<Action> = fc.record({
  kind: fc.constant('event' as const),
  event: fc.oneof(fc.constantFrom('tick', 'chat', 'shutdown', 'presence', 'connect.challenge', 'sessions.changed'), fc.string({ minLength: 1, maxLength: 12 })),
  payload: fc.oneof(
    { weight: 6, arbitrary: json },
    { weight: 2, arbitrary: fc.record({ restartExpectedMs: restartHintArb }) },
    { weight: 1, arbitrary: fc.constantFrom({ ts: 1 }, { nonce: '', ts: 1 }, { nonce: 5 }, null) },
    { weight: 1, arbitrary: fc.constant(OVERSIZED) },
  ),
  seq: seqArb,
})
const INVALID_FRAMES: unknown[] = [
  '',
  ' ',
  '{',
  '}{',
  'null',
  '[]',
  '{"type":"event"',
  '\u0000',
  'undefined',
  'NaN',
  { type: 'req', id: '1', method: 'health' },
  { type: 'hello' },
  { type: 'EVENT', event: 'tick' },
  { type: null },
  { type: 'event' },
  { type: 'event', event: '' },
  { type: 'event', event: 5 },
  { type: 'event', event: 'tick', seq: -1 },
  { type: 'event', event: 'tick', seq: 1.5 },
  { type: 'event', event: 'tick', seq: '3' },
  { type: 'event', event: 'tick', seq: null },
  { type: 'event', event: 'tick', seq: 2 ** 60 },
  { type: 'res' },
  { type: 'res', id: '', ok: true },
  { type: 'res', id: 5, ok: true },
  { type: 'res', id: '1-x', ok: 'yes' },
  { type: 'res', id: '1-x', ok: true, error: 'oops' },
  { type: 'res', id: '1-x', ok: false, error: { code: 5, message: 'm' } },
  { type: 'res', id: '1-x', ok: false, error: { code: '', message: 'm' } },
]
const invalidArb: fc.Arbitrary<Action> = fc
  .oneof(
    fc.string().filter((text) => {
      try {
        return !isFrameLike(JSON.parse(text))
      } catch {
        return true
      }
    }),
    json.filter((value) => !isFrameLike(value)).map((value) => JSON.stringify(value)),
    fc.constantFrom(...INVALID_FRAMES).map((frame) => (typeof frame === 'string' ? frame : JSON.stringify(frame))),
    fc
      .record({ type: fc.string().filter((type) => type !== 'event' && type !== 'res'), id: fc.string(), event: fc.string(), payload: json })
      .map((frame) => JSON.stringify(frame)),
  )
  .map((text) => ({ kind: 'invalid' as const, text }))

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 5, arbitrary: eventArb },
  { weight: 4, arbitrary: invalidArb },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('binary' as const), asArrayBuffer: fc.boolean() }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'request' as const }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('answer' as const),
      pick: fc.nat(),
      ok: fc.boolean(),
      payload: fc.oneof(json, fc.constant(OVERSIZED)),
      code: fc.constantFrom('INVALID_REQUEST', 'FORBIDDEN', 'UNAVAILABLE'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stranger' as const), id: fc.string({ maxLength: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('connect-again' as const), ok: fc.boolean(), policy: fc.record({ tickIntervalMs: fc.integer() }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 45_000 }) }) },
)

function resolveSeq(seq: Seq, last: number): number | undefined {
  if (seq === 'next') return last + 1
  if (typeof seq === 'object') return 'back' in seq ? Math.max(0, last - seq.back) : last + seq.jump
  return seq
}

/** Resolves once the client has handled every frame sent before: frames on one socket arrive in order. */
let syncCount = 0
async function flush(h: Harness, connection: GatewayConnection): Promise<JsonObject> {
  const tag = ++syncCount
  const seen = new Promise<void>((resolve) => {
    const off = h.client.onEvent((event) => {
      if (event.event === 'fuzz.sync' && (event.payload as { tag?: number }).tag === tag) resolve(void off())
    })
  })
  const frame = { type: 'event', event: 'fuzz.sync', payload: { tag } }
  connection.send(frame)
  await Promise.race([seen, delay(3_000).then(() => Promise.reject(new Error('sync frame never arrived')))])
  return frame
}

type Tracked = {
  n: number
  id: string
  outcome?: { value: unknown } | { error: unknown }
  first?: { ok: boolean; payload: unknown; code: string }
  firstBeforeAdvance?: boolean
  advances: number
}

/** The gaps the client must report: a seq above the highest one seen so far + 1 (protocol doc §2). */
function expectedGaps(events: JsonObject[]): string[] {
  let high: number | null = null
  const gaps: string[] = []
  for (const { seq } of events) {
    if (typeof seq !== 'number') continue
    if (high !== null && seq > high + 1) gaps.push(`events ${high + 1}..${seq - 1} were lost`)
    high = high === null ? seq : Math.max(high, seq)
  }
  return gaps
}

describe('a connected client fed hostile frames', () => {
  it('delivers exactly the valid events, settles every request, stays connected and reconnects calmly', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { maxLength: 25 }), fc.option(restartHintArb), async (actions, farewell) => {
        const gateway = await fake.renew()
        const h = fake.start({ vault, random: () => 0.5 })
        const connection = await gateway.connection(0)
        const connect = await connection.handshake()
        await fake.waitForPhase(h, 'connected')

        const sentEvents: JsonObject[] = []
        const requests: Tracked[] = []
        let seq = 0
        let malformed = 0
        let responses = 0
        let advances = 0
        for (const action of actions) {
          switch (action.kind) {
            case 'event': {
              const frameSeq = resolveSeq(action.seq, seq)
              const frame = { type: 'event', event: action.event, payload: action.payload, ...(frameSeq === undefined ? {} : { seq: frameSeq }) }
              connection.send(frame)
              // Past 2^53 − 1 a seq is no integer JSON can carry exactly: the frame is malformed.
              if (frameSeq !== undefined && !Number.isSafeInteger(frameSeq)) {
                malformed += 1
                break
              }
              if (frameSeq !== undefined) seq = frameSeq
              sentEvents.push(roundTrip(frame))
              break
            }
            case 'invalid':
              connection.send(action.text)
              malformed += 1
              break
            case 'binary': {
              const bytes = new TextEncoder().encode(JSON.stringify({ type: 'event', event: 'binary' }))
              connection.socket.send(action.asArrayBuffer ? bytes.buffer : Buffer.from(bytes))
              malformed += 1
              break
            }
            case 'request': {
              const n = requests.length
              const tracked: Tracked = { n, id: '', advances }
              h.client.request('health', { n }).then(
                (value) => (tracked.outcome = { value }),
                (error: unknown) => (tracked.outcome = { error }),
              )
              tracked.id = (await connection.take((frame) => frame.method === 'health' && (frame.params as { n: number }).n === n)).id as string
              requests.push(tracked)
              break
            }
            case 'answer': {
              const target = requests[action.pick % Math.max(requests.length, 1)]
              if (!target) break
              if (action.ok) connection.respond(target.id, action.payload)
              else connection.fail(target.id, { code: action.code, message: 'refused' })
              target.first ??= { ok: action.ok, payload: roundTrip(action.payload), code: action.code }
              target.firstBeforeAdvance ??= target.advances === advances
              responses += 1
              break
            }
            case 'stranger':
              connection.respond(`stranger-${action.id}`, { hello: 'nobody asked' })
              responses += 1
              break
            case 'connect-again':
              if (action.ok) connection.respond(connect.id, helloPayload('operator', { policy: action.policy }))
              else connection.fail(connect.id, { code: 'NOT_PAIRED', message: 'pairing required' })
              break
            case 'advance':
              sentEvents.push(await flush(h, connection))
              h.timers.advance(action.ms)
              advances += 1
              break
          }
          // No frame, however odd, takes the link down; only the clock can (and advance stays below 2 × tick).
          expect(h.client.status.phase).toBe('connected')
        }
        sentEvents.push(await flush(h, connection))

        expect(h.events).toEqual(sentEvents)
        const kinds = (kind: string) => h.diagnostics.filter((diagnostic) => diagnostic.kind === kind)
        expect(kinds('malformed-frame')).toHaveLength(malformed)
        expect(kinds('seq-gap').map((diagnostic) => diagnostic.detail)).toEqual(expectedGaps(sentEvents))
        const byAnswer = requests.filter((r) => r.outcome && ('value' in r.outcome || r.outcome.error instanceof GatewayRequestError))
        expect(kinds('unknown-response')).toHaveLength(responses - byAnswer.length)
        for (const request of requests) {
          // A request settles from the first answer to its own id, and from nothing else.
          if (request.outcome && 'value' in request.outcome)
            expect(request.first).toEqual(expect.objectContaining({ ok: true, payload: request.outcome.value }))
          if (request.outcome && 'error' in request.outcome && request.outcome.error instanceof GatewayRequestError) {
            expect(request.first).toEqual(expect.objectContaining({ ok: false, code: request.outcome.error.code }))
          }
          if (request.firstBeforeAdvance) expect(request.outcome).toBeDefined()
        }

        // Nothing is left hanging: whatever the gateway never answered times out.
        h.timers.advance(REQUEST_TIMEOUT_MS)
        await delay(0)
        expect(requests.filter((request) => !request.outcome)).toEqual([])

        // The gateway drops the link and stays silent: retries are paced by backoff and timeouts, and
        // no timer is too long for setTimeout (a shutdown hint of 1e300 ms must not mean "now").
        if (farewell !== null) {
          connection.event('shutdown', { reason: 'restart', restartExpectedMs: farewell })
          await flush(h, connection)
        }
        connection.socket.terminate()
        await fake.waitForPhase(h, 'reconnecting')
        const windowMs = 120_000
        for (let elapsed = 0; elapsed < windowMs; elapsed += 1_000) h.timers.advance(1_000)
        expect(h.sockets.length - 1).toBeLessThanOrEqual(windowMs / CHALLENGE_TIMEOUT_MS + 1)
        expect(h.timers.maxRequestedMs).toBeLessThanOrEqual(MAX_TIMER_MS)
        expect(SANE_PHASES).toContain(h.client.status.phase)
        h.client.stop()
        expect(h.client.status.phase).toBe('stopped')
        expect(escaped).toEqual([])
      }),
      { numRuns: 30 },
    )
  })
})

const badChallengeArb = fc.oneof(
  fc.record({ ts: fc.nat() }),
  fc.record({ nonce: fc.stringMatching(/^\s*$/), ts: fc.nat() }),
  fc.record({ nonce: fc.oneof(fc.integer(), fc.constant(null), fc.array(fc.string())), ts: fc.nat() }),
  fc.record(
    {
      nonce: fc.string({ minLength: 1 }).filter((nonce) => nonce.trim() !== ''),
      ts: fc.oneof(fc.integer({ max: -1 }), fc.constantFrom(0.5, 2 ** 53, 1e300), fc.string()),
    },
    { requiredKeys: ['nonce'] },
  ),
  json.filter((value) => typeof value !== 'object' || value === null || Array.isArray(value)),
)

describe('a connect.challenge the client cannot use', () => {
  it('is refused without sending connect: the socket is closed and the client backs off', { timeout: 30_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(badChallengeArb, async (payload) => {
        const gateway = await fake.renew()
        const h = fake.start({ vault, random: () => 0.5 })
        const connection = await gateway.connection(0)
        connection.challenge(payload)
        expect(await connection.closed).toEqual({ code: 4000, reason: 'invalid challenge' })
        expect(connection.requestsFor('connect')).toEqual([])
        expect(h.client.status).toMatchObject({ phase: 'reconnecting', attempt: 1, reason: 'invalid challenge' })
        expect(h.diagnostics.map((diagnostic) => diagnostic.kind)).toEqual(['bad-payload'])
        expect(escaped).toEqual([])
      }),
      { numRuns: 20 },
    )
  })
})

const absurdNumber = fc.oneof(fc.constantFrom(1, 0, -1, 0.5, 2 ** 31, 2 ** 53 - 1, 1e300), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }))
const isPositiveInt = (value: unknown) => value === undefined || (Number.isSafeInteger(value) && (value as number) > 0)

describe('frames over the negotiated maxPayload', () => {
  it('drops them unread with a diagnostic, and goes on with the next frame', async () => {
    await fake.renew()
    const MAX = 4_096
    const { h, connection } = await fake.connected({ vault }, { policy: { maxPayload: MAX, tickIntervalMs: 30_000 } })
    const over = { type: 'event', event: 'chat', payload: { text: 'x'.repeat(MAX) } }
    // Counted in UTF-8 bytes: 1,500 three-byte characters are 4,500 bytes in 1,500 characters.
    const overInBytes = { type: 'event', event: 'chat', payload: { text: '€'.repeat(1_500) } }
    const under = { type: 'event', event: 'chat', payload: { text: 'y'.repeat(MAX - 200) } }
    for (const frame of [over, overInBytes, under]) connection.send(frame)
    await flush(h, connection)
    expect(h.events.filter((event) => event.event === 'chat').map((event) => (event.payload as { text: string }).text.length)).toEqual([MAX - 200])
    expect(h.diagnostics.filter((diagnostic) => diagnostic.kind === 'oversized-frame')).toEqual([
      { kind: 'oversized-frame', detail: `frame over the negotiated maxPayload (${MAX} bytes)` },
      { kind: 'oversized-frame', detail: `frame over the negotiated maxPayload (${MAX} bytes)` },
    ])
    expect(h.client.status.phase).toBe('connected')
  })
})

describe('event seq numbers from a hostile gateway', () => {
  it('reports a gap only for numbers above everything seen, never for one already received', { timeout: 30_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(seqArb, { minLength: 1, maxLength: 40 }), async (seqs) => {
        await fake.renew()
        const { h, connection } = await fake.connected({ vault })
        // What had arrived when each gap was reported (a gap is reported before its event is handed on).
        const receivedAtGap: number[][] = []
        h.client.onDiagnostic((diagnostic) => {
          if (diagnostic.kind === 'seq-gap') receivedAtGap.push(h.events.flatMap((event) => (event.seq === undefined ? [] : [event.seq])))
        })
        const sent: JsonObject[] = []
        let last = 0
        for (const seq of seqs) {
          const value = resolveSeq(seq, last)
          if (value === undefined || !Number.isSafeInteger(value)) continue
          last = value
          const frame = { type: 'event', event: 'tick', seq: value }
          connection.send(frame)
          sent.push(frame)
        }
        await flush(h, connection)
        const gaps = h.diagnostics.filter((diagnostic) => diagnostic.kind === 'seq-gap').map((diagnostic) => diagnostic.detail)
        expect(gaps).toEqual(expectedGaps(sent))
        // The meaning of a gap (protocol doc §2): those events were lost, so none of them had arrived.
        for (const [index, gap] of gaps.entries()) {
          const [from, to] = gap.match(/\d+/g)!.map(Number) as [number, number]
          expect(
            receivedAtGap[index]!.filter((seq) => seq >= from && seq <= to),
            gap,
          ).toEqual([])
        }
      }),
      { numRuns: 40 },
    )
  })
})

describe('a gateway that sends an absurd hello-ok policy and then goes silent', () => {
  it('gets a clean refusal or a link that drops at most once per 10 s of silence', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.record({ tickIntervalMs: absurdNumber, maxPayload: absurdNumber }, { requiredKeys: [] }), async (policy) => {
        const gateway = await fake.renew()
        const h = fake.start({ vault, random: () => 0.5 })
        const windowMs = 60_000
        const bound = windowMs / CHALLENGE_TIMEOUT_MS + 1
        let handled = 0
        for (let elapsed = 0; elapsed <= windowMs && handled <= bound; elapsed += 1_000) {
          while (handled < h.sockets.length && handled <= bound) {
            await (await gateway.connection(handled++)).handshake({ policy })
            await vi.waitFor(() => expect(['connected', 'needs-user']).toContain(h.client.status.phase), { timeout: 3_000, interval: 2 })
          }
          h.timers.advance(1_000)
        }
        const isValid = isPositiveInt(policy.tickIntervalMs) && isPositiveInt(policy.maxPayload)
        if (!isValid) {
          // zod refuses the hello as a whole: a clear stop, not a half-understood link.
          expect(h.client.status).toMatchObject({ phase: 'needs-user', problem: { code: 'BAD_HELLO' } })
          expect(h.sockets).toHaveLength(1)
        }
        expect(h.sockets.length).toBeLessThanOrEqual(bound)
        expect(h.timers.maxRequestedMs).toBeLessThanOrEqual(MAX_TIMER_MS)
        expect(SANE_PHASES).toContain(h.client.status.phase)
        expect(escaped).toEqual([])
      }),
      {
        numRuns: 25,
        examples: [
          [{ tickIntervalMs: 1 }],
          [{ tickIntervalMs: 2 ** 53 - 1 }],
          [{ tickIntervalMs: 0 }],
          [{ tickIntervalMs: -5 }],
          [{ maxPayload: 1 }],
          [{ maxPayload: 0 }],
        ],
      },
    )
  })
})
