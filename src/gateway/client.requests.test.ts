// @vitest-environment node
import { describe, expect, it, vi } from 'vitest'
import { GatewayDisconnectedError, GatewayRequestError, GatewayTimeoutError, RoleNotAllowedError } from './errors'
import type { EventFrame } from './protocol'
import { delay, deviceToken, MemoryVault, useFakeGateway, type GatewayConnection, type Harness } from './testing/fakeGateway'

const fake = useFakeGateway()
const { start, waitForPhase, connected } = fake

/** One request answered by the gateway: proves the link still works end to end. */
async function roundTrip(h: Harness, connection: GatewayConnection, tag: string) {
  const result = h.client.request('health', { tag })
  const request = await connection.request('health')
  expect(request.params).toEqual({ tag })
  connection.respond(request.id, { ok: true, tag })
  await expect(result).resolves.toEqual({ ok: true, tag })
}

const settledWithin = <T>(promise: Promise<T>, ms: number) => Promise.race([promise, delay(ms).then(() => 'still pending' as const)])

describe('requests', () => {
  it('a listener that throws is reported; the other listeners still get the event, and the link keeps working', async () => {
    const reported: unknown[] = []
    vi.stubGlobal('reportError', (error: unknown) => reported.push(error))
    try {
      const { h, connection } = await connected()
      const seen: string[] = []
      h.client.onEvent(() => {
        throw new Error('a bug in one listener')
      })
      h.client.onEvent((event) => seen.push(event.event))
      connection.event('presence', { n: 1 })
      await vi.waitFor(() => expect(seen).toEqual(['presence']))
      expect(reported).toEqual([expect.objectContaining({ message: 'a bug in one listener' })])
      expect(h.client.status.phase).toBe('connected')
      await roundTrip(h, connection, 'still works')
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('uses a unique id per request and settles out-of-order responses on the right promise', async () => {
    const { h, connection } = await connected()
    const results = ['a', 'b', 'c'].map((tag) => h.client.request('chat.history', { tag }))
    const requests = await Promise.all([0, 1, 2].map(() => connection.request('chat.history')))
    const ids = requests.map((request) => request.id)
    expect(new Set(ids).size).toBe(3)
    for (const request of [requests[2], requests[0], requests[1]]) {
      connection.respond(request!.id, { answeredTag: (request!.params as { tag: string }).tag })
    }
    expect(await Promise.all(results)).toEqual([{ answeredTag: 'a' }, { answeredTag: 'b' }, { answeredTag: 'c' }])
    expect(ids.every((id) => id !== connection.requestsFor('connect')[0]?.id)).toBe(true)
  })

  it('rejects with the gateway error, code and details kept', async () => {
    const { h, connection } = await connected()
    const result = h.client.request('chat.send', { sessionKey: 'agent:main:main' })
    const request = await connection.request('chat.send')
    connection.fail(request.id, {
      code: 'FORBIDDEN',
      message: 'missing scope: operator.write',
      details: { code: 'MISSING_SCOPE', missingScope: 'operator.write' },
    })
    const error = await result.catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(GatewayRequestError)
    expect(error).toMatchObject({ code: 'FORBIDDEN', retryable: false, details: { missingScope: 'operator.write' } })
  })

  it('rejects a request with GatewayTimeoutError when its own timeout passes, and ignores the late answer', async () => {
    const { h, connection } = await connected()
    const slow = h.client.request('chat.history', {}, { timeoutMs: 50 })
    const request = await connection.request('chat.history')
    h.timers.advance(49)
    expect(await settledWithin(slow, 20)).toBe('still pending')
    h.timers.advance(1)
    await expect(slow).rejects.toBeInstanceOf(GatewayTimeoutError)
    connection.respond(request.id, { late: true })
    await vi.waitFor(() => expect(h.diagnostics.map((d) => d.kind)).toEqual(['unknown-response']))
    expect(h.client.status.phase).toBe('connected')
  })

  it('rejects every pending request with GatewayDisconnectedError when the socket drops', async () => {
    const { h, connection } = await connected()
    const pending = [h.client.request('chat.history'), h.client.request('chat.send', { message: 'x' }), h.client.request('health')]
    await connection.request('health')
    connection.socket.terminate()
    const outcomes = await settledWithin(Promise.allSettled(pending), 2_000)
    expect(outcomes).not.toBe('still pending')
    for (const outcome of outcomes as PromiseSettledResult<unknown>[]) {
      expect(outcome.status).toBe('rejected')
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(GatewayDisconnectedError)
    }
  })

  it('reports a response with an unknown id as a diagnostic and does nothing else', async () => {
    const { h, connection } = await connected()
    const statusesBefore = h.statuses.length
    connection.respond('no-such-request', { surprise: true })
    await vi.waitFor(() => expect(h.diagnostics).toEqual([{ kind: 'unknown-response', detail: expect.any(String) }]))
    expect(h.statuses.length).toBe(statusesBefore)
    expect(h.events).toEqual([])
    await roundTrip(h, connection, 'after-unknown')
  })

  it('refuses operator methods on a node connection without sending anything', async () => {
    const { h, connection } = await connected({ role: 'node', vault: new MemoryVault({ deviceTokens: { node: deviceToken('n') } }) })
    for (const method of ['chat.send', 'chat.history', 'sessions.list']) {
      await expect(h.client.request(method, {})).rejects.toBeInstanceOf(RoleNotAllowedError)
    }
    const allowed = h.client.request('node.event', { event: 'x' })
    const request = await connection.request('node.event')
    connection.respond(request.id)
    await allowed
    await roundTrip(h, connection, 'health-is-for-every-role')
    expect(connection.frames.filter((frame) => frame.type === 'req').map((frame) => frame.method)).toEqual(['connect', 'node.event', 'health'])
  })

  it('refuses node methods on an operator connection without sending anything', async () => {
    const { h, connection } = await connected()
    for (const method of ['node.event', 'node.invoke.result', 'skills.bins']) {
      await expect(h.client.request(method, {})).rejects.toBeInstanceOf(RoleNotAllowedError)
    }
    await delay(30)
    expect(connection.frames.filter((frame) => frame.type === 'req').map((frame) => frame.method)).toEqual(['connect'])
  })

  it('refuses to send before the connection is up', async () => {
    const h = start()
    await expect(h.client.request('health')).rejects.toBeInstanceOf(GatewayDisconnectedError)
  })

  it('refuses locally a request longer than policy.maxPayload', async () => {
    const { h, connection } = await connected({}, { policy: { maxPayload: 200, tickIntervalMs: 30000 } })
    await expect(h.client.request('chat.send', { message: 'a'.repeat(300) })).rejects.toBeInstanceOf(RangeError)
    await delay(30)
    expect(connection.requestsFor('chat.send')).toHaveLength(0)
  })

  it('measures policy.maxPayload in UTF-8 bytes, not UTF-16 code units', async () => {
    const { h } = await connected({}, { policy: { maxPayload: 200, tickIntervalMs: 30000 } })
    // ~160 characters but ~360 bytes on the wire: the gateway would refuse this frame.
    const result = h.client.request('chat.send', { message: '€'.repeat(100) })
    result.catch(() => {})
    await expect(settledWithin(result, 200)).rejects.toBeInstanceOf(RangeError)
  })
})

describe('events', () => {
  it('fans each event out to every subscriber, until one unsubscribes', async () => {
    const { h, connection } = await connected()
    const first: EventFrame[] = []
    const second: EventFrame[] = []
    h.client.onEvent((event) => first.push(event))
    const unsubscribe = h.client.onEvent((event) => second.push(event))
    connection.event('chat', { runId: 'r', sessionKey: 'k', state: 'delta' }, 1)
    await vi.waitFor(() => expect(second).toHaveLength(1))
    expect(first).toEqual(second)
    expect(first[0]).toMatchObject({ event: 'chat', seq: 1, payload: { runId: 'r' } })
    unsubscribe()
    connection.event('tick', { ts: 1 }, 2)
    await vi.waitFor(() => expect(first).toHaveLength(2))
    expect(second).toHaveLength(1)
    expect(h.events.map((event) => event.event)).toEqual(['chat', 'tick'])
  })

  it('reports a seq gap, and nothing for consecutive or unsequenced events', async () => {
    const { h, connection } = await connected()
    connection.event('tick', { ts: 1 }, 1)
    connection.event('tick', { ts: 2 }, 2)
    connection.event('models.snapshot', {})
    connection.event('tick', { ts: 3 }, 3)
    connection.event('tick', { ts: 6 }, 6)
    await vi.waitFor(() => expect(h.events).toHaveLength(5))
    expect(h.diagnostics).toEqual([{ kind: 'seq-gap', detail: expect.stringContaining('4..5') }])
  })

  it('starts counting seq afresh on a new connection', async () => {
    const { h, connection } = await connected()
    connection.event('tick', { ts: 1 }, 41)
    await vi.waitFor(() => expect(h.events).toHaveLength(1))
    connection.socket.terminate()
    await waitForPhase(h, 'reconnecting')
    h.timers.advance(0)
    const next = await fake.gateway.connection(1)
    await next.handshake()
    await waitForPhase(h, 'connected')
    next.event('tick', { ts: 2 }, 1)
    next.event('tick', { ts: 3 }, 2)
    await vi.waitFor(() => expect(h.events).toHaveLength(3))
    expect(h.diagnostics).toEqual([])
  })

  it('ignores events and closes from a socket that has been replaced', async () => {
    const { h, connection } = await connected()
    const stale = h.sockets[0]!
    connection.socket.terminate()
    await waitForPhase(h, 'reconnecting')
    h.timers.advance(0)
    await (await fake.gateway.connection(1)).handshake()
    await waitForPhase(h, 'connected')
    const statusesBefore = h.statuses.length
    stale.installedMessage?.({ data: JSON.stringify({ type: 'event', event: 'chat', seq: 99, payload: { stale: true } }) })
    stale.installedClose?.({ code: 1006, reason: '' })
    h.timers.advance(10_000) // past any backoff, short of the 60 s tick watchdog
    await delay(50)
    expect(h.events).toEqual([])
    expect(h.statuses.length).toBe(statusesBefore)
    expect(h.client.status.phase).toBe('connected')
    expect(fake.gateway.count).toBe(2)
  })
})

describe('hostile frames', () => {
  const HOSTILE: Array<[string, string, string | null]> = [
    ['non-JSON text', 'this is { not json', 'malformed-frame'],
    ['a JSON array', JSON.stringify([{ type: 'event', event: 'tick' }]), 'malformed-frame'],
    ['JSON null', 'null', 'malformed-frame'],
    ['a bare number', '42', 'malformed-frame'],
    ['an unknown frame type', JSON.stringify({ type: 'push', id: 'x', data: 1 }), 'malformed-frame'],
    ['a req frame from the gateway', JSON.stringify({ type: 'req', id: 'x', method: 'chat.send' }), 'malformed-frame'],
    ['a res with an unknown id', JSON.stringify({ type: 'res', id: 'nobody', ok: true }), 'unknown-response'],
    ['a res with a non-boolean ok', JSON.stringify({ type: 'res', id: 'nobody', ok: 1 }), 'malformed-frame'],
    ['an event with a numeric name', JSON.stringify({ type: 'event', event: 7, payload: {} }), 'malformed-frame'],
    ['an event with a string seq', JSON.stringify({ type: 'event', event: 'tick', seq: '3' }), 'malformed-frame'],
    ['an event with a negative seq', JSON.stringify({ type: 'event', event: 'tick', seq: -4 }), 'malformed-frame'],
    ['a late connect.challenge', JSON.stringify({ type: 'event', event: 'connect.challenge', payload: { nonce: 'again', ts: 1 } }), null],
  ]

  it.each(HOSTILE)('survives %s after hello-ok', async (_name, frame, diagnostic) => {
    const { h, connection } = await connected()
    connection.send(frame)
    if (diagnostic) await vi.waitFor(() => expect(h.diagnostics.map((d) => d.kind)).toEqual([diagnostic]))
    await roundTrip(h, connection, 'after')
    expect(h.client.status.phase).toBe('connected')
    expect(connection.requestsFor('connect')).toHaveLength(1)
    expect(fake.gateway.count).toBe(1)
  })

  it('delivers an event with a ~2 MB payload and stays connected', async () => {
    const { h, connection } = await connected()
    const big = 'x'.repeat(2 * 1024 * 1024)
    connection.event('chat', { runId: 'r', sessionKey: 'k', state: 'final', message: { role: 'assistant', content: big } }, 1)
    await vi.waitFor(() => expect(h.events).toHaveLength(1))
    expect((h.events[0]!.payload as { message: { content: string } }).message.content.length).toBe(big.length)
    await roundTrip(h, connection, 'after-big')
  })

  it('settles a request once and ignores a duplicate response for the same id', async () => {
    const { h, connection } = await connected()
    const result = h.client.request('chat.history')
    const request = await connection.request('chat.history')
    connection.respond(request.id, { n: 1 })
    connection.fail(request.id, { code: 'INVALID_REQUEST', message: 'duplicate' })
    await expect(result).resolves.toEqual({ n: 1 })
    await vi.waitFor(() => expect(h.diagnostics.map((d) => d.kind)).toEqual(['unknown-response']))
    await roundTrip(h, connection, 'after-duplicate')
  })

  it('ignores a second response to the connect request once connected', async () => {
    const vault = new MemoryVault({ deviceTokens: { operator: deviceToken('op-token', ['operator.read', 'operator.write']) } })
    const { h, connection, connect } = await connected({ vault })
    connection.fail(connect.id, {
      code: 'INVALID_REQUEST',
      message: 'unauthorized: device token mismatch (rotate/reissue device token)',
      details: { code: 'AUTH_DEVICE_TOKEN_MISMATCH' },
    })
    await delay(100)
    expect(h.client.status.phase).toBe('connected')
    expect(vault.deviceTokens.get('operator')?.token).toBe('op-token')
    expect(vault.calls).not.toContain('deleteDeviceToken:operator')
    await roundTrip(h, connection, 'after-replayed-connect-response')
  })

  it('ignores junk before and during the handshake and still connects', async () => {
    const h = start()
    const connection = await fake.gateway.connection(0)
    connection.send('garbage')
    connection.send(JSON.stringify({ type: 'event', event: 'tick', payload: { ts: 1 }, seq: 1 }))
    connection.send(JSON.stringify({ type: 'res', id: 'nobody', ok: true }))
    connection.challenge({ nonce: 'n-1', ts: 10 })
    const connect = await connection.connectRequest()
    connection.send('[1,2,3]')
    connection.challenge({ nonce: 'second-challenge', ts: 11 })
    connection.event('chat', { runId: 'r' })
    connection.respond(connect.id, { type: 'hello-ok', protocol: 4, auth: { role: 'operator', scopes: [] } })
    await waitForPhase(h, 'connected')
    expect(connect.params.device.nonce).toBe('n-1')
    expect(connection.requestsFor('connect')).toHaveLength(1)
    expect(h.events).toEqual([])
    await roundTrip(h, connection, 'after-handshake-junk')
  })

  it.each([
    ['no nonce', { ts: 1 }],
    ['a blank nonce', { nonce: '   ', ts: 1 }],
    ['a float ts', { nonce: 'n', ts: 1.5 }],
    ['no payload at all', undefined],
  ])('closes cleanly and retries on a challenge with %s', async (_name, payload) => {
    const h = start()
    const first = await fake.gateway.connection(0)
    first.send({ type: 'event', event: 'connect.challenge', ...(payload === undefined ? {} : { payload }) })
    expect((await first.closed).code).toBe(4000)
    expect(first.requestsFor('connect')).toHaveLength(0)
    expect(h.diagnostics.map((d) => d.kind)).toContain('bad-payload')
    expect(h.client.status.phase).toBe('reconnecting')
    h.timers.advance(0)
    const second = await fake.gateway.connection(1)
    await second.handshake()
    await waitForPhase(h, 'connected')
    await roundTrip(h, second, 'after-bad-challenge')
  })
})
