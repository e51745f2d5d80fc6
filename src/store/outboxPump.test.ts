// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FakeGateway, startClient, type GatewayConnection, type Harness, type SentRequest } from '../gateway/testing/fakeGateway'
import { addToOutbox, loadOutbox, type OutboxEntry } from './chatStorage'
import { DEDUPE_TRUST_MS, pumpOutbox, type PumpEvents } from './outboxPump'
import { clearAllDatabases, outboxEntry, settle, until } from './testing/storeTestkit'

const GW = 'gw-pump'
const SESSION = 'agent:main:main'

let gateway: FakeGateway
let harness: Harness | undefined

beforeEach(async () => {
  await clearAllDatabases()
  gateway = await FakeGateway.start()
})

afterEach(async () => {
  vi.useRealTimers()
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

async function stored(key: string): Promise<OutboxEntry | undefined> {
  return (await loadOutbox(GW)).find((entry) => entry.idempotencyKey === key)
}

describe('delivery order and durability', () => {
  it('sends entries strictly in order, one at a time, each removed from IndexedDB only after its ack', async () => {
    const { connection } = await connected()
    for (const key of ['k1', 'k2', 'k3']) await addToOutbox(GW, outboxEntry(key))
    const { log, events } = recorder()
    const pumping = pumpOutbox(GW, harness!.client, events)

    const first = await connection.request('chat.send')
    expect(first.params).toEqual({ sessionKey: SESSION, message: 'text k1', idempotencyKey: 'k1' })
    await settle()
    // Not acked yet: nothing else went out, and the entry is still on the device (with its attempt counted).
    expect(connection.requestsFor('chat.send')).toHaveLength(1)
    expect(await stored('k1')).toMatchObject({ state: 'pending', attempts: 1 })
    expect((await loadOutbox(GW)).map((e) => e.idempotencyKey)).toEqual(['k1', 'k2', 'k3'])

    ack(connection, first)
    const second = await connection.request('chat.send')
    expect(keyOf(second)).toBe('k2')
    expect((await loadOutbox(GW)).map((e) => e.idempotencyKey)).toEqual(['k2', 'k3'])
    await settle()
    expect(connection.requestsFor('chat.send')).toHaveLength(2)

    ack(connection, second)
    const third = await connection.request('chat.send')
    expect(keyOf(third)).toBe('k3')
    ack(connection, third)
    await pumping

    expect(await loadOutbox(GW)).toEqual([])
    expect(connection.requestsFor('chat.send').map(keyOf)).toEqual(['k1', 'k2', 'k3'])
    expect(log).toEqual(['sending:k1', 'acked:k1', 'sending:k2', 'acked:k2', 'sending:k3', 'acked:k3'])
  })

  it('does nothing while the client is not connected', async () => {
    const h = (harness = startClient(gateway, { start: false }))
    await addToOutbox(GW, outboxEntry('k1'))
    const { log, events } = recorder()
    await pumpOutbox(GW, h.client, events)
    expect(log).toEqual([])
    expect(await stored('k1')).toMatchObject({ state: 'pending', attempts: 0 })
  })

  it('skips failed entries and sends the pending ones after them', async () => {
    const { connection } = await connected()
    const failed = outboxEntry('k1', { state: 'failed', error: 'earlier failure' })
    await addToOutbox(GW, failed)
    await addToOutbox(GW, outboxEntry('k2'))
    const { events } = recorder()
    const pumping = pumpOutbox(GW, harness!.client, events)
    const request = await connection.request('chat.send')
    expect(keyOf(request)).toBe('k2')
    ack(connection, request)
    await pumping
    expect(await loadOutbox(GW)).toEqual([failed])
  })
})

describe('disconnects and resends', () => {
  it('keeps the entry pending when the link drops mid-send, stops, and later resends it with the same key', async () => {
    const { h, connection } = await connected()
    await addToOutbox(GW, outboxEntry('k1'))
    await addToOutbox(GW, outboxEntry('k2'))
    const { log, events } = recorder()
    const pumping = pumpOutbox(GW, h.client, events)
    const lost = await connection.request('chat.send')
    connection.socket.terminate()
    await pumping

    expect(log).toEqual(['sending:k1', 'queued:k1'])
    expect(await stored('k1')).toMatchObject({ state: 'pending', attempts: 1 })
    expect(await stored('k2')).toMatchObject({ state: 'pending', attempts: 0 })
    expect(connection.requestsFor('chat.send')).toHaveLength(1)

    // Reconnect (the client's own backoff, on its manual clock) and pump again.
    await until(() => expect(h.client.status.phase).toBe('reconnecting'))
    const status = h.client.status
    h.timers.advance(status.phase === 'reconnecting' ? status.retryInMs : 0)
    const again = await gateway.connection(1)
    await again.handshake()
    await until(() => expect(h.client.status.phase).toBe('connected'))

    const second = recorder()
    const resuming = pumpOutbox(GW, h.client, second.events)
    const resent = await again.request('chat.send')
    expect(resent.params).toEqual(lost.params)
    expect(await stored('k1')).toMatchObject({ attempts: 2 })
    // The gateway already finished the first attempt: a resend of the same key acks "ok".
    ack(again, resent, 'ok')
    const next = await again.request('chat.send')
    expect(keyOf(next)).toBe('k2')
    ack(again, next)
    await resuming
    expect(await loadOutbox(GW)).toEqual([])
    expect(second.log).toEqual(['sending:k1', 'acked:k1', 'sending:k2', 'acked:k2'])
  })
})

describe('gateway errors', () => {
  it('marks an entry failed with the gateway’s message on a non-retryable error and goes on with the next', async () => {
    const { h, connection } = await connected()
    await addToOutbox(GW, outboxEntry('k1'))
    await addToOutbox(GW, outboxEntry('k2'))
    const { log, events } = recorder()
    const pumping = pumpOutbox(GW, h.client, events)
    const refused = await connection.request('chat.send')
    connection.fail(refused.id, { code: 'INVALID_REQUEST', message: 'invalid chat.send params: message contains NUL' })
    const next = await connection.request('chat.send')
    expect(keyOf(next)).toBe('k2')
    ack(connection, next)
    await pumping

    expect(await loadOutbox(GW)).toEqual([expect.objectContaining({ idempotencyKey: 'k1', state: 'failed', error: 'invalid chat.send params: message contains NUL' })])
    expect(log).toEqual(['sending:k1', 'failed:k1:invalid chat.send params: message contains NUL', 'sending:k2', 'acked:k2'])

    // A failed entry waits for the user: another pump does not send it.
    await pumpOutbox(GW, h.client, events)
    expect(connection.requestsFor('chat.send').map(keyOf)).toEqual(['k1', 'k2'])
  })

  it('waits retryAfterMs after a retryable UNAVAILABLE, then sends the same entry again', async () => {
    const { h, connection } = await connected()
    await addToOutbox(GW, outboxEntry('k1'))
    await addToOutbox(GW, outboxEntry('k2'))
    const { log, events } = recorder()
    // Only the pump's wait uses the global setTimeout here (the client runs on its own manual clock).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const pumping = pumpOutbox(GW, h.client, events)
    const busy = await connection.request('chat.send')
    connection.fail(busy.id, { code: 'UNAVAILABLE', message: 'gateway busy', retryable: true, retryAfterMs: 7_000 })
    await until(() => expect(log).toEqual(['sending:k1', 'queued:k1']))

    await vi.advanceTimersByTimeAsync(6_999)
    await settle()
    expect(connection.requestsFor('chat.send')).toHaveLength(1)
    expect(await stored('k1')).toMatchObject({ state: 'pending', attempts: 1 })

    await vi.advanceTimersByTimeAsync(1)
    const retried = await connection.request('chat.send')
    expect(retried.params).toEqual(busy.params)
    ack(connection, retried)
    const next = await connection.request('chat.send')
    expect(keyOf(next)).toBe('k2')
    ack(connection, next)
    await pumping
    expect(log).toEqual(['sending:k1', 'queued:k1', 'sending:k1', 'acked:k1', 'sending:k2', 'acked:k2'])
    expect(await loadOutbox(GW)).toEqual([])
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
    const pumping = pumpOutbox(GW, h.client, events, now)
    const check = await connection.request('chat.history')
    expect(check.params).toMatchObject({ sessionKey: SESSION })
    connection.respond(check.id, historyWith('k0', 'k1'))
    await pumping

    expect(methodsAfterConnect(connection)).toEqual(['chat.history'])
    expect(await loadOutbox(GW)).toEqual([])
    expect(log).toEqual(['sending:k1', 'acked:k1'])
  })

  it('sends a retried old entry (same key) when history does not have it', async () => {
    const { h, connection } = await connected()
    await addToOutbox(GW, outboxEntry('k1', { attempts: 1, createdAtMs: OLD }))
    const { events } = recorder()
    const pumping = pumpOutbox(GW, h.client, events, now)
    const check = await connection.request('chat.history')
    connection.respond(check.id, historyWith('k0'))
    const send = await connection.request('chat.send')
    expect(keyOf(send)).toBe('k1')
    ack(connection, send)
    await pumping
    expect(methodsAfterConnect(connection)).toEqual(['chat.history', 'chat.send'])
    expect(await loadOutbox(GW)).toEqual([])
  })

  it.each([
    ['never tried, however old', { attempts: 0, createdAtMs: OLD }],
    ['tried before, still inside the window', { attempts: 3, createdAtMs: YOUNG }],
  ])('sends an entry %s without a history check', async (_, fields) => {
    const { h, connection } = await connected()
    await addToOutbox(GW, outboxEntry('k1', fields))
    const { events } = recorder()
    const pumping = pumpOutbox(GW, h.client, events, now)
    const send = await connection.request('chat.send')
    ack(connection, send)
    await pumping
    expect(methodsAfterConnect(connection)).toEqual(['chat.send'])
  })
})

describe('attachments', () => {
  it('sends images as chat.send attachments of type image', async () => {
    const { h, connection } = await connected()
    const attachments = [
      { mimeType: 'image/png', fileName: 'shot.png', origin: 'paste' as const, content: 'iVBORw0KGgo=', sizeBytes: 8 },
      { mimeType: 'image/jpeg', fileName: 'cat.jpg', origin: 'file' as const, content: '/9j/4AAQ', sizeBytes: 6 },
    ]
    await addToOutbox(GW, outboxEntry('k1', { text: '', attachments }))
    const pumping = pumpOutbox(GW, h.client, recorder().events)
    const send = await connection.request('chat.send')
    expect(send.params).toEqual({
      sessionKey: SESSION,
      message: '',
      idempotencyKey: 'k1',
      attachments: [
        { type: 'image', mimeType: 'image/png', fileName: 'shot.png', origin: 'paste', content: 'iVBORw0KGgo=', sizeBytes: 8 },
        { type: 'image', mimeType: 'image/jpeg', fileName: 'cat.jpg', origin: 'file', content: '/9j/4AAQ', sizeBytes: 6 },
      ],
    })
    ack(connection, send)
    await pumping
  })
})
