// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FakeGateway, ManualTimers, startClient, type GatewayConnection, type Harness, type JsonObject, type SentRequest } from '../gateway/testing/fakeGateway'
import { createChatLink } from './chatLink'
import { addToOutbox, loadOutbox, type OutboxEntry } from './chatStorage'
import { BUSY_RECHECK_MS, createOutboxPump, DEDUPE_TRUST_MS, MAX_BUSY_WAIT_MS, MAX_PACING_WAIT_MS, type OutboxPump, type PumpEvents } from './outboxPump'
import { clearAllDatabases, outboxEntry, settle, until } from './testing/storeTestkit'

const GW = 'gw-pump'
const SESSION = 'agent:main:main'
const OTHER = 'agent:main:dashboard:other'

let gateway: FakeGateway
let harness: Harness | undefined
let pump: OutboxPump | undefined
/** The pump's own clock (pacing waits, busy retries); the client keeps its own. */
let clock: ManualTimers

beforeEach(async () => {
  await clearAllDatabases()
  gateway = await FakeGateway.start()
  clock = new ManualTimers()
})

afterEach(async () => {
  await pump?.dispose()
  pump = undefined
  harness?.client.stop()
  harness = undefined
  await gateway.close()
})

/** A pump event log in the order the pump reported them. */
function recorder(): { log: string[]; events: PumpEvents } {
  const log: string[] = []
  return {
    log,
    events: {
      onSending: (key) => log.push(`sending:${key}`),
      onAcked: (key) => log.push(`acked:${key}`),
      onQueued: (key) => log.push(`queued:${key}`),
      onFailed: (key, error) => log.push(`failed:${key}:${error}`),
    },
  }
}

function startPump(h: Harness, events: PumpEvents, now?: () => number): OutboxPump {
  pump?.dispose()
  pump = createOutboxPump(GW, createChatLink(h.client), events, { timers: clock, ...(now ? { now } : {}) })
  return pump
}

async function connected(): Promise<{ h: Harness; connection: GatewayConnection }> {
  const h = (harness = startClient(gateway))
  const connection = await gateway.connection(0)
  await connection.handshake()
  await until(() => expect(h.client.status.phase).toBe('connected'))
  return { h, connection }
}

/** Methods the client sent after the handshake, in the order the gateway received them. */
const methodsAfterConnect = (connection: GatewayConnection) =>
  connection.frames.filter((frame) => frame.type === 'req' && frame.method !== 'connect').map((frame) => frame.method)

const keyOf = (request: SentRequest) => (request.params as { idempotencyKey: string }).idempotencyKey
const ack = (connection: GatewayConnection, request: SentRequest, status = 'started') => connection.respond(request.id, { runId: keyOf(request), status })

/** Answers the pump's next look at a session's activity (`chat.history`, limit 1). */
async function answerActivity(connection: GatewayConnection, activity: JsonObject = {}, session = SESSION): Promise<SentRequest> {
  const look = await connection.request('chat.history')
  expect(look.params).toEqual({ sessionKey: session, limit: 1 })
  connection.respond(look.id, { sessionKey: session, messages: [], pendingInputs: { items: [], total: 0 }, ...activity })
  return look
}

const chat = (connection: GatewayConnection, runId: string, state: string, text?: string, sessionKey = SESSION) =>
  connection.event('chat', {
    runId,
    sessionKey,
    seq: 1,
    state,
    ...(text === undefined ? {} : { message: { role: 'assistant', content: [{ type: 'text', text }] } }),
  })

async function stored(key: string): Promise<OutboxEntry | undefined> {
  return (await loadOutbox(GW)).find((entry) => entry.idempotencyKey === key)
}

/** `until` for checks that read IndexedDB. */
async function untilAsync(check: () => Promise<unknown>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await check()
      return
    } catch (error) {
      if (attempt > 200) throw error
      await settle()
    }
  }
}

const sentKeys = (connection: GatewayConnection) => connection.requestsFor('chat.send').map(keyOf)

describe('delivery order and durability', () => {
  it('sends one message per run: the next only after the previous reply ended and the gateway says the session is idle', async () => {
    const { h, connection } = await connected()
    for (const key of ['k1', 'k2', 'k3']) await addToOutbox(GW, outboxEntry(key))
    const { log, events } = recorder()
    const pumping = startPump(h, events).kick()

    await answerActivity(connection)
    const first = await connection.request('chat.send')
    expect(first.params).toEqual({ sessionKey: SESSION, message: 'text k1', idempotencyKey: 'k1' })
    await settle()
    // Not acked yet: the entry is still on the device (with its attempt counted), and nothing else went out.
    expect(await stored('k1')).toMatchObject({ state: 'pending', attempts: 1 })
    expect((await loadOutbox(GW)).map((e) => e.idempotencyKey)).toEqual(['k1', 'k2', 'k3'])

    ack(connection, first)
    await untilAsync(async () => expect((await loadOutbox(GW)).map((e) => e.idempotencyKey)).toEqual(['k2', 'k3']))
    // Acked but its run goes on: k2 waits, without asking anything.
    chat(connection, 'k1', 'delta', 'Echo')
    await settle()
    expect(sentKeys(connection)).toEqual(['k1'])
    expect(methodsAfterConnect(connection)).toEqual(['chat.history', 'chat.send'])

    chat(connection, 'k1', 'final', 'Echo: text k1')
    await answerActivity(connection)
    const second = await connection.request('chat.send')
    expect(keyOf(second)).toBe('k2')
    ack(connection, second)
    chat(connection, 'k2', 'final', 'Echo: text k2')
    await answerActivity(connection)
    ack(connection, await connection.request('chat.send'))
    await pumping

    expect(await loadOutbox(GW)).toEqual([])
    expect(sentKeys(connection)).toEqual(['k1', 'k2', 'k3'])
    expect(log).toEqual(['sending:k1', 'acked:k1', 'sending:k2', 'acked:k2', 'sending:k3', 'acked:k3'])
  })

  it('treats the alias "main" and its canonical key as one session: one send at a time, in outbox order', async () => {
    const { h, connection } = await connected()
    await addToOutbox(GW, { ...outboxEntry('k1'), sessionKey: 'main' }) // typed before the first hello
    await addToOutbox(GW, outboxEntry('k2')) // typed after it, under the canonical key
    const pumping = startPump(h, recorder().events).kick()

    await answerActivity(connection)
    const first = await connection.request('chat.send')
    expect(keyOf(first)).toBe('k1')
    ack(connection, first)
    await settle()
    expect(sentKeys(connection)).toEqual(['k1'])
    expect(methodsAfterConnect(connection)).toEqual(['chat.history', 'chat.send'])

    chat(connection, 'k1', 'final', 'Echo: text k1')
    await answerActivity(connection)
    ack(connection, await connection.request('chat.send'))
    await pumping
    expect(sentKeys(connection)).toEqual(['k1', 'k2'])
    expect(await loadOutbox(GW)).toEqual([])
  })

  it('holds the next message while the gateway still has a run or queued messages for the session', async () => {
    const { h, connection } = await connected()
    for (const key of ['k1', 'k2']) await addToOutbox(GW, outboxEntry(key))
    const pumping = startPump(h, recorder().events).kick()

    // Someone else's run is going: wait for it.
    await answerActivity(connection, { inFlightRun: { runId: 'theirs', text: 'Hel' } })
    await settle()
    expect(sentKeys(connection)).toEqual([])
    chat(connection, 'theirs', 'final', 'Hello')
    await answerActivity(connection)
    const first = await connection.request('chat.send')
    ack(connection, first)

    // NOTE: the real gateway's answer to a message that still got queued: an empty final for its
    // key at once, and its reply later under a run id of its own.
    chat(connection, 'k1', 'final')
    await answerActivity(connection, { pendingInputs: { items: [{ runId: 'k1', state: 'queued' }], total: 1 } })
    await settle()
    expect(sentKeys(connection)).toEqual(['k1'])
    chat(connection, 'followup-1', 'delta', 'Echo')
    await settle()
    expect(sentKeys(connection)).toEqual(['k1'])
    chat(connection, 'followup-1', 'final', 'Echo: text k1')
    await answerActivity(connection)
    const second = await connection.request('chat.send')
    expect(keyOf(second)).toBe('k2')
    ack(connection, second)
    await pumping
    expect(await loadOutbox(GW)).toEqual([])
  })

  it('does not wait for a run when the ack says the key already ran to its end', async () => {
    const { h, connection } = await connected()
    for (const key of ['k1', 'k2']) await addToOutbox(GW, outboxEntry(key, { attempts: 1 }))
    const pumping = startPump(h, recorder().events).kick()
    await answerActivity(connection)
    ack(connection, await connection.request('chat.send'), 'ok')
    // No chat event comes for a deduped key: one look at the session and k2 goes.
    await answerActivity(connection)
    const second = await connection.request('chat.send')
    expect(keyOf(second)).toBe('k2')
    ack(connection, second)
    await pumping
    expect(await loadOutbox(GW)).toEqual([])
  })

  it('paces each session on its own: a long run in one does not hold another back', async () => {
    const { h, connection } = await connected()
    await addToOutbox(GW, outboxEntry('a1'))
    await addToOutbox(GW, outboxEntry('a2'))
    await addToOutbox(GW, outboxEntry('b1', { sessionKey: OTHER }))
    const pumping = startPump(h, recorder().events).kick()
    const looks = [await connection.request('chat.history'), await connection.request('chat.history')]
    for (const look of looks) connection.respond(look.id, { messages: [] })
    const sends = [await connection.request('chat.send'), await connection.request('chat.send')]
    expect(sends.map(keyOf).sort()).toEqual(['a1', 'b1'])
    for (const send of sends) ack(connection, send)
    await settle()
    expect(sentKeys(connection).sort()).toEqual(['a1', 'b1'])
    expect(pump!.isDelivering(SESSION)).toBe(true)
    expect(pump!.isDelivering(OTHER)).toBe(false)

    chat(connection, 'a1', 'final', 'Echo: text a1')
    await answerActivity(connection)
    ack(connection, await connection.request('chat.send'))
    await pumping
    expect(sentKeys(connection)).toEqual([...sends.map(keyOf), 'a2'])
  })

  it('does nothing while the client is not connected', async () => {
    const h = (harness = startClient(gateway, { start: false }))
    await addToOutbox(GW, outboxEntry('k1'))
    const { log, events } = recorder()
    await startPump(h, events).kick()
    expect(log).toEqual([])
    expect(await stored('k1')).toMatchObject({ state: 'pending', attempts: 0 })
  })

  it('skips failed entries and sends the pending ones after them', async () => {
    const { h, connection } = await connected()
    const failed = outboxEntry('k1', { state: 'failed', error: 'earlier failure' })
    await addToOutbox(GW, failed)
    await addToOutbox(GW, outboxEntry('k2'))
    const pumping = startPump(h, recorder().events).kick()
    await answerActivity(connection)
    const request = await connection.request('chat.send')
    expect(keyOf(request)).toBe('k2')
    ack(connection, request)
    await pumping
    expect(await loadOutbox(GW)).toEqual([failed])
  })
})

describe('waiting does not last forever', () => {
  it('asks history again after a quiet spell (an event may have been lost) and goes on when the session is idle', async () => {
    const { h, connection } = await connected()
    for (const key of ['k1', 'k2']) await addToOutbox(GW, outboxEntry(key))
    const pumping = startPump(h, recorder().events).kick()
    await answerActivity(connection)
    ack(connection, await connection.request('chat.send'))
    await untilAsync(async () => expect(await stored('k1')).toBeUndefined())
    await settle()

    clock.advance(BUSY_RECHECK_MS - 1)
    await settle()
    expect(connection.requestsFor('chat.history')).toHaveLength(1)
    clock.advance(1)
    // Still running: wait another spell.
    await answerActivity(connection, { inFlightRun: { runId: 'k1', text: 'Echo' } })
    await settle()
    expect(sentKeys(connection)).toEqual(['k1'])
    clock.advance(BUSY_RECHECK_MS)
    await answerActivity(connection)
    ack(connection, await connection.request('chat.send'))
    await pumping
    expect(sentKeys(connection)).toEqual(['k1', 'k2'])
  })

  it('sends anyway once a session has stayed busy for the longest wait', async () => {
    const { h, connection } = await connected()
    await addToOutbox(GW, outboxEntry('k1'))
    const pumping = startPump(h, recorder().events).kick()
    await answerActivity(connection, { inFlightRun: { runId: 'endless', text: '' } })
    for (let waited = 0; waited < MAX_PACING_WAIT_MS; waited += BUSY_RECHECK_MS) {
      await settle()
      expect(sentKeys(connection)).toEqual([])
      clock.advance(BUSY_RECHECK_MS)
      if (waited + BUSY_RECHECK_MS < MAX_PACING_WAIT_MS) await answerActivity(connection, { inFlightRun: { runId: 'endless', text: '' } })
    }
    ack(connection, await connection.request('chat.send'))
    await pumping
    expect(sentKeys(connection)).toEqual(['k1'])
  })
})

describe('disconnects and resends', () => {
  async function reconnect(h: Harness, index: number): Promise<GatewayConnection> {
    await until(() => expect(h.client.status.phase).toBe('reconnecting'))
    const status = h.client.status
    h.timers.advance(status.phase === 'reconnecting' ? status.retryInMs : 0)
    const again = await gateway.connection(index)
    await again.handshake()
    await until(() => expect(h.client.status.phase).toBe('connected'))
    return again
  }

  it('keeps the entry pending when the link drops mid-send, stops, and later resends it with the same key', async () => {
    const { h, connection } = await connected()
    await addToOutbox(GW, outboxEntry('k1'))
    await addToOutbox(GW, outboxEntry('k2'))
    const { log, events } = recorder()
    const pumping = startPump(h, events).kick()
    await answerActivity(connection)
    const lost = await connection.request('chat.send')
    connection.socket.terminate()
    await pumping

    expect(log).toEqual(['sending:k1', 'queued:k1'])
    expect(await stored('k1')).toMatchObject({ state: 'pending', attempts: 1 })
    expect(await stored('k2')).toMatchObject({ state: 'pending', attempts: 0 })
    expect(connection.requestsFor('chat.send')).toHaveLength(1)

    const again = await reconnect(h, 1)
    const second = recorder()
    const resuming = startPump(h, second.events).kick()
    await answerActivity(again)
    const resent = await again.request('chat.send')
    expect(resent.params).toEqual(lost.params)
    expect(await stored('k1')).toMatchObject({ attempts: 2 })
    // The gateway already finished the first attempt: a resend of the same key acks "ok".
    ack(again, resent, 'ok')
    await answerActivity(again)
    const next = await again.request('chat.send')
    expect(keyOf(next)).toBe('k2')
    ack(again, next)
    await resuming
    expect(await loadOutbox(GW)).toEqual([])
    expect(second.log).toEqual(['sending:k1', 'acked:k1', 'sending:k2', 'acked:k2'])
  })

  it('after a reconnect, adopts the run still in flight and waits for it; a run that ended meanwhile holds nothing', async () => {
    const { h, connection } = await connected()
    for (const key of ['k1', 'k2', 'k3']) await addToOutbox(GW, outboxEntry(key))
    const pumping = startPump(h, recorder().events).kick()
    await answerActivity(connection)
    ack(connection, await connection.request('chat.send'))
    await untilAsync(async () => expect(await stored('k1')).toBeUndefined())
    connection.socket.terminate()
    await pumping

    // Back: k1's reply is still streaming on the gateway.
    let again = await reconnect(h, 1)
    let resuming = pump!.kick()
    await answerActivity(again, { inFlightRun: { runId: 'k1', text: 'Echo: te' } })
    await settle()
    expect(again.requestsFor('chat.send')).toHaveLength(0)
    chat(again, 'k1', 'final', 'Echo: text k1')
    await answerActivity(again)
    const second = await again.request('chat.send')
    expect(keyOf(second)).toBe('k2')
    ack(again, second)
    await untilAsync(async () => expect(await stored('k2')).toBeUndefined())

    // Dropped again; k2's run ends while the app is away (its final is never seen).
    again.socket.terminate()
    await resuming
    again = await reconnect(h, 2)
    resuming = pump!.kick()
    await answerActivity(again)
    const third = await again.request('chat.send')
    expect(keyOf(third)).toBe('k3')
    ack(again, third)
    await resuming
    expect(await loadOutbox(GW)).toEqual([])
  })
})

describe('gateway errors', () => {
  it('marks an entry failed with the gateway’s message on a non-retryable error and goes on with the next', async () => {
    const { h, connection } = await connected()
    await addToOutbox(GW, outboxEntry('k1'))
    await addToOutbox(GW, outboxEntry('k2'))
    const { log, events } = recorder()
    const pumping = startPump(h, events).kick()
    await answerActivity(connection)
    const refused = await connection.request('chat.send')
    connection.fail(refused.id, { code: 'INVALID_REQUEST', message: 'invalid chat.send params: message contains NUL' })
    await answerActivity(connection)
    const next = await connection.request('chat.send')
    expect(keyOf(next)).toBe('k2')
    ack(connection, next)
    await pumping

    expect(await loadOutbox(GW)).toEqual([
      expect.objectContaining({ idempotencyKey: 'k1', state: 'failed', error: 'invalid chat.send params: message contains NUL' }),
    ])
    expect(log).toEqual(['sending:k1', 'failed:k1:invalid chat.send params: message contains NUL', 'sending:k2', 'acked:k2'])

    // A failed entry waits for the user: another pump does not send it.
    await pump!.kick()
    expect(connection.requestsFor('chat.send').map(keyOf)).toEqual(['k1', 'k2'])
  })

  it('waits retryAfterMs after a retryable UNAVAILABLE, then sends the same entry again', async () => {
    const { h, connection } = await connected()
    await addToOutbox(GW, outboxEntry('k1'))
    await addToOutbox(GW, outboxEntry('k2'))
    const { log, events } = recorder()
    const pumping = startPump(h, events).kick()
    await answerActivity(connection)
    const busy = await connection.request('chat.send')
    connection.fail(busy.id, { code: 'UNAVAILABLE', message: 'gateway busy', retryable: true, retryAfterMs: 7_000 })
    await until(() => expect(log).toEqual(['sending:k1', 'queued:k1']))

    clock.advance(6_999)
    await settle()
    expect(connection.requestsFor('chat.send')).toHaveLength(1)
    expect(await stored('k1')).toMatchObject({ state: 'pending', attempts: 1 })

    clock.advance(1)
    await answerActivity(connection)
    const retried = await connection.request('chat.send')
    expect(retried.params).toEqual(busy.params)
    ack(connection, retried)
    chat(connection, 'k1', 'final', 'Echo: text k1')
    await answerActivity(connection)
    const next = await connection.request('chat.send')
    expect(keyOf(next)).toBe('k2')
    ack(connection, next)
    await pumping
    expect(log).toEqual(['sending:k1', 'queued:k1', 'sending:k1', 'acked:k1', 'sending:k2', 'acked:k2'])
    expect(await loadOutbox(GW)).toEqual([])
  })
})

describe('busy answers', () => {
  const busy = (connection: GatewayConnection, request: SentRequest, retryAfterMs?: number) =>
    connection.fail(request.id, { code: 'UNAVAILABLE', message: 'gateway busy', retryable: true, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) })

  it.each([
    ['past 2^31 ms (a real timer would fire at once, in a loop)', 2 ** 31 + 5],
    ['just under 2^31 ms (weeks)', 2 ** 31 - 2],
  ])('clamps a retryAfterMs %s to the longest busy wait', async (_, retryAfterMs) => {
    const { h, connection } = await connected()
    await addToOutbox(GW, outboxEntry('k1'))
    const { log, events } = recorder()
    const pumping = startPump(h, events).kick()
    await answerActivity(connection)
    busy(connection, await connection.request('chat.send'), retryAfterMs)
    await until(() => expect(log).toEqual(['sending:k1', 'queued:k1']))
    expect(clock.maxRequestedMs).toBe(MAX_BUSY_WAIT_MS)

    clock.advance(MAX_BUSY_WAIT_MS - 1)
    await settle()
    expect(connection.requestsFor('chat.send')).toHaveLength(1)
    clock.advance(1)
    await answerActivity(connection)
    ack(connection, await connection.request('chat.send'), 'ok')
    await pumping
    expect(await loadOutbox(GW)).toEqual([])
  })

  it('backs off on busy answers in a row (2 s, 4 s, 8 s…), and starts over after an ack', async () => {
    const { h, connection } = await connected()
    await addToOutbox(GW, outboxEntry('k1'))
    await addToOutbox(GW, outboxEntry('k2'))
    const { events } = recorder()
    const pumping = startPump(h, events).kick()
    const waits: number[] = []
    for (let attempt = 1; attempt <= 3; attempt++) {
      await answerActivity(connection)
      busy(connection, await connection.request('chat.send'))
      await until(() => expect(clock.pending()).toHaveLength(1))
      waits.push(clock.pending()[0]!)
      clock.advance(waits.at(-1)!)
    }
    expect(waits).toEqual([2_000, 4_000, 8_000])
    await answerActivity(connection)
    ack(connection, await connection.request('chat.send'), 'ok')
    await answerActivity(connection)
    const next = await connection.request('chat.send')
    expect(keyOf(next)).toBe('k2')
    busy(connection, next)
    await until(() => expect(clock.pending()).toEqual([2_000]))
    clock.advance(2_000)
    await answerActivity(connection)
    ack(connection, await connection.request('chat.send'), 'ok')
    await pumping
  })

  it('ends the wait when the link drops: the loop stops at once and the entry stays pending', async () => {
    const { h, connection } = await connected()
    await addToOutbox(GW, outboxEntry('k1'))
    const { log, events } = recorder()
    const pumping = startPump(h, events).kick()
    await answerActivity(connection)
    busy(connection, await connection.request('chat.send'), 30_000)
    await until(() => expect(log).toEqual(['sending:k1', 'queued:k1']))
    expect(pump!.isDelivering(SESSION)).toBe(true)

    connection.socket.terminate()
    // No clock moves: only the disconnect can end the wait.
    await pumping
    expect(pump!.isDelivering(SESSION)).toBe(false)
    expect(clock.pending()).toEqual([])
    expect(await stored('k1')).toMatchObject({ state: 'pending', attempts: 1 })
  })
})

describe('past the dedupe window', () => {
  const NOW = 10 * DEDUPE_TRUST_MS
  const now = () => NOW
  const OLD = NOW - DEDUPE_TRUST_MS - 1
  const YOUNG = NOW - DEDUPE_TRUST_MS + 1_000

  const historyWith = (...userKeys: string[]) => ({
    sessionKey: SESSION,
    messages: userKeys.flatMap((key, index) => [
      { role: 'user', content: `text ${key}`, timestamp: 1, idempotencyKey: `${key}:user`, __openclaw: { id: `u${index}`, seq: 2 * index + 1 } },
      { role: 'assistant', content: [{ type: 'text', text: `Echo: text ${key}` }], __openclaw: { runId: key, id: `a${index}`, seq: 2 * index + 2 } },
    ]),
  })

  it('checks history first for a retried old entry and, when it arrived, removes it without sending again', async () => {
    const { h, connection } = await connected()
    await addToOutbox(GW, outboxEntry('k1', { attempts: 1, createdAtMs: OLD }))
    const { log, events } = recorder()
    const pumping = startPump(h, events, now).kick()
    await answerActivity(connection)
    const check = await connection.request('chat.history')
    expect(check.params).toMatchObject({ sessionKey: SESSION, limit: 200 })
    connection.respond(check.id, historyWith('k0', 'k1'))
    await pumping

    expect(methodsAfterConnect(connection)).toEqual(['chat.history', 'chat.history'])
    expect(await loadOutbox(GW)).toEqual([])
    expect(log).toEqual(['sending:k1', 'acked:k1'])
  })

  it('sends a retried old entry (same key) when history does not have it', async () => {
    const { h, connection } = await connected()
    await addToOutbox(GW, outboxEntry('k1', { attempts: 1, createdAtMs: OLD }))
    const { events } = recorder()
    const pumping = startPump(h, events, now).kick()
    await answerActivity(connection)
    const check = await connection.request('chat.history')
    connection.respond(check.id, historyWith('k0'))
    const send = await connection.request('chat.send')
    expect(keyOf(send)).toBe('k1')
    ack(connection, send)
    await pumping
    expect(methodsAfterConnect(connection)).toEqual(['chat.history', 'chat.history', 'chat.send'])
    expect(await loadOutbox(GW)).toEqual([])
  })

  it.each([
    ['never tried, however old', { attempts: 0, createdAtMs: OLD }],
    ['tried before, still inside the window', { attempts: 3, createdAtMs: YOUNG }],
  ])('sends an entry %s without a history check', async (_, fields) => {
    const { h, connection } = await connected()
    await addToOutbox(GW, outboxEntry('k1', fields))
    const { events } = recorder()
    const pumping = startPump(h, events, now).kick()
    await answerActivity(connection)
    const send = await connection.request('chat.send')
    ack(connection, send)
    await pumping
    expect(methodsAfterConnect(connection)).toEqual(['chat.history', 'chat.send'])
  })
})

describe('attachments', () => {
  it('sends images as attachments of type image and other files as type file', async () => {
    const { h, connection } = await connected()
    const attachments = [
      { mimeType: 'image/png', fileName: 'shot.png', origin: 'paste' as const, content: 'iVBORw0KGgo=', sizeBytes: 8 },
      { mimeType: 'image/jpeg', fileName: 'cat.jpg', origin: 'file' as const, content: '/9j/4AAQ', sizeBytes: 6 },
      { mimeType: 'application/pdf', fileName: 'plan.pdf', origin: 'file' as const, content: 'JVBERi0=', sizeBytes: 5 },
    ]
    await addToOutbox(GW, outboxEntry('k1', { text: '', attachments }))
    const pumping = startPump(h, recorder().events).kick()
    await answerActivity(connection)
    const send = await connection.request('chat.send')
    expect(send.params).toEqual({
      sessionKey: SESSION,
      message: '',
      idempotencyKey: 'k1',
      attachments: [
        { type: 'image', mimeType: 'image/png', fileName: 'shot.png', origin: 'paste', content: 'iVBORw0KGgo=', sizeBytes: 8 },
        { type: 'image', mimeType: 'image/jpeg', fileName: 'cat.jpg', origin: 'file', content: '/9j/4AAQ', sizeBytes: 6 },
        { type: 'file', mimeType: 'application/pdf', fileName: 'plan.pdf', origin: 'file', content: 'JVBERi0=', sizeBytes: 5 },
      ],
    })
    ack(connection, send)
    await pumping
  })
})
