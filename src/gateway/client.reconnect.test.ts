// @vitest-environment node
import { describe, expect, it, vi } from 'vitest'
import { PREOPEN_LEAD_MS } from './reconnectSchedule'
import { GatewayDisconnectedError } from './errors'
import { delay, deviceToken, FakeEnvironment, helloPayload, MemoryVault, useFakeGateway, type GatewayConnection, type Harness } from './testing/fakeGateway'

const fake = useFakeGateway()
const { start, waitForPhase, connected } = fake

/** Lets every timer the client could have armed fire, then gives any socket it opened time to arrive. */
async function expectNoFurtherSocket(h: Harness, expectedCount: number) {
  h.timers.advance(10_000)
  await delay(150)
  expect(fake.gateway.count).toBe(expectedCount)
}

/** Moves the clock by `ms` and checks that no new socket was opened by then. */
async function expectNoSocketAfter(h: Harness, ms: number, expectedCount: number) {
  h.timers.advance(ms)
  await delay(80)
  expect(fake.gateway.count).toBe(expectedCount)
}

/** Moves the clock by `ms` and checks that `connection` carried no connect request by then. */
async function expectNoConnectAfter(h: Harness, connection: GatewayConnection, ms: number) {
  h.timers.advance(ms)
  await delay(80)
  expect(connection.requestsFor('connect')).toHaveLength(0)
}

const ERRORS = {
  startup: { code: 'UNAVAILABLE', message: 'gateway starting; retry shortly', retryable: true, retryAfterMs: 500, details: { reason: 'startup-sidecars' } },
  deviceTokenMismatch: {
    code: 'INVALID_REQUEST',
    message: 'unauthorized: device token mismatch (rotate/reissue device token)',
    details: { code: 'AUTH_DEVICE_TOKEN_MISMATCH', authReason: 'device_token_mismatch', canRetryWithDeviceToken: false },
  },
  pairing: (requestId: string) => ({
    code: 'NOT_PAIRED',
    message: 'pairing required: device is not approved yet',
    details: { code: 'PAIRING_REQUIRED', reason: 'not-paired', requestId, requestedRole: 'operator' },
  }),
}

describe('reconnect after a dropped socket', () => {
  it('reconnects after an abnormal close (1006) with a first delay under 300 ms', async () => {
    const { h, connection } = await connected()
    connection.socket.terminate()
    await waitForPhase(h, 'reconnecting')
    expect(h.client.status).toMatchObject({ phase: 'reconnecting', attempt: 1, retryInMs: 0 })
    h.timers.advance(0)
    await (await fake.gateway.connection(1)).handshake()
    await waitForPhase(h, 'connected')
  })

  it('reconnects after a service restart close (1012)', async () => {
    const { h, connection } = await connected()
    connection.socket.close(1012, 'service restart')
    await waitForPhase(h, 'reconnecting')
    expect(h.client.status).toMatchObject({ reason: 'service restart' })
    h.timers.advance(0)
    await (await fake.gateway.connection(1)).handshake()
    await waitForPhase(h, 'connected')
  })

  it('caps the delay at 2 s for the first minute of an outage and at 5 s after it; a hello-ok starts over', async () => {
    const { h, connection } = await connected({ random: () => 0.999 })
    const downAt = h.timers.now()
    connection.socket.terminate()
    const delays: Array<{ downForMs: number; retryInMs: number }> = []
    for (let n = 1; delays.length === 0 || delays.at(-1)!.downForMs < 60_000; n++) {
      await vi.waitFor(() => expect(h.client.status).toMatchObject({ phase: 'reconnecting', attempt: n }))
      const { retryInMs } = h.client.status as { retryInMs: number }
      delays.push({ downForMs: h.timers.now() - downAt, retryInMs })
      h.timers.advance(retryInMs)
      ;(await fake.gateway.connection(n)).socket.terminate()
    }
    expect(delays.filter((d) => d.downForMs < 60_000).every((d) => d.retryInMs <= 1999)).toBe(true)
    const attempt = delays.length + 1
    await vi.waitFor(() => expect(h.client.status).toMatchObject({ phase: 'reconnecting', attempt, retryInMs: 4995 }))
    h.timers.advance(4995)
    await (await fake.gateway.connection(attempt)).handshake()
    await waitForPhase(h, 'connected')
    fake.gateway.connections[attempt]!.socket.terminate()
    // A new outage: quick retries again (the ceiling reaches 2400 ms by the fourth attempt, capped at 2 s).
    for (const [n, retryInMs] of [
      [1, 299],
      [2, 599],
      [3, 1198],
    ] as const) {
      await vi.waitFor(() => expect(h.client.status).toMatchObject({ phase: 'reconnecting', attempt: n, retryInMs }))
      h.timers.advance(retryInMs)
      ;(await fake.gateway.connection(attempt + n)).socket.terminate()
    }
    await vi.waitFor(() => expect(h.client.status).toMatchObject({ phase: 'reconnecting', attempt: 4, retryInMs: 1998 }))
  })

  it('waits the backoff delay, which grows with each failed attempt and resets on hello-ok', async () => {
    const { h, connection } = await connected({ random: () => 0.5 })
    connection.socket.terminate()
    await waitForPhase(h, 'reconnecting')
    expect(h.client.status).toMatchObject({ attempt: 1, retryInMs: 150 })
    await expectNoSocketAfter(h, 149, 1)
    h.timers.advance(1)
    ;(await fake.gateway.connection(1)).socket.terminate()
    await vi.waitFor(() => expect(h.client.status).toMatchObject({ phase: 'reconnecting', attempt: 2, retryInMs: 300 }))
    await expectNoSocketAfter(h, 299, 2)
    h.timers.advance(1)
    await (await fake.gateway.connection(2)).handshake()
    await waitForPhase(h, 'connected')
    fake.gateway.connections[2]!.socket.terminate()
    await vi.waitFor(() => expect(h.client.status).toMatchObject({ phase: 'reconnecting', attempt: 1, retryInMs: 150 }))
  })

  it('honours retryAfterMs of an UNAVAILABLE connect error: the next socket opens at once, its connect waits 500 ms', async () => {
    const h = start()
    const connection = await fake.gateway.connection(0)
    await connection.refuse(ERRORS.startup)
    connection.socket.close(1013, 'gateway starting')
    await waitForPhase(h, 'reconnecting')
    expect(h.client.status).toMatchObject({ retryInMs: 500, reason: 'gateway starting; retry shortly' })
    h.timers.advance(0)
    const next = await fake.gateway.connection(1)
    next.challenge()
    await expectNoConnectAfter(h, next, 499)
    expect(h.client.status.phase).toBe('reconnecting')
    h.timers.advance(1)
    const connect = await next.connectRequest()
    expect(h.client.status.phase).toBe('connecting')
    next.respond(connect.id, helloPayload('operator'))
    await waitForPhase(h, 'connected')
    expect(fake.gateway.count).toBe(2)
  })

  it('keeps a long retryAfterMs for every socket: opens 2 s before it ends, and a socket lost meanwhile does not cut it short', async () => {
    const h = start()
    const first = await fake.gateway.connection(0)
    await first.refuse({ ...ERRORS.startup, retryAfterMs: 10_000 })
    first.socket.close(1013, 'gateway starting')
    await waitForPhase(h, 'reconnecting')
    await expectNoSocketAfter(h, 10_000 - PREOPEN_LEAD_MS - 1, 1)
    h.timers.advance(1)
    const second = await fake.gateway.connection(1)
    second.socket.terminate() // before its challenge: a drop, which would normally retry within 300 ms
    await vi.waitFor(() => expect(h.client.status).toMatchObject({ phase: 'reconnecting', reason: 'connection closed (1006)' }))
    h.timers.advance(300)
    const third = await fake.gateway.connection(2)
    third.challenge()
    await expectNoConnectAfter(h, third, 1_699)
    h.timers.advance(1)
    third.respond((await third.connectRequest()).id, helloPayload('operator'))
    await waitForPhase(h, 'connected')
  })

  it('opens no second socket when the page becomes visible while a socket waits out retryAfterMs', async () => {
    const environment = new FakeEnvironment()
    const h = start({ environment })
    const first = await fake.gateway.connection(0)
    await first.refuse(ERRORS.startup)
    await waitForPhase(h, 'reconnecting')
    h.timers.advance(0)
    const next = await fake.gateway.connection(1)
    next.challenge()
    environment.becomeVisible()
    await expectNoConnectAfter(h, next, 200)
    expect(fake.gateway.count).toBe(2)
    h.timers.advance(300)
    next.respond((await next.connectRequest()).id, helloPayload('operator'))
    await waitForPhase(h, 'connected')
  })

  it('does not open at once when the page becomes visible during a long retryAfterMs, only 2 s before it ends', async () => {
    const environment = new FakeEnvironment()
    const h = start({ environment })
    const first = await fake.gateway.connection(0)
    await first.refuse({ ...ERRORS.startup, retryAfterMs: 10_000 })
    await waitForPhase(h, 'reconnecting')
    h.timers.advance(1_000)
    environment.becomeVisible()
    await expectNoSocketAfter(h, 10_000 - PREOPEN_LEAD_MS - 1_001, 1)
    expect(h.client.status).toMatchObject({ phase: 'reconnecting' })
    h.timers.advance(1)
    const next = await fake.gateway.connection(1)
    next.challenge()
    await expectNoConnectAfter(h, next, PREOPEN_LEAD_MS - 1)
    h.timers.advance(1)
    next.respond((await next.connectRequest()).id, helloPayload('operator'))
    await waitForPhase(h, 'connected')
  })

  it('sends the connect at once when the user presses Retry during retryAfterMs', async () => {
    const h = start()
    const first = await fake.gateway.connection(0)
    await first.refuse(ERRORS.startup)
    await waitForPhase(h, 'reconnecting')
    h.timers.advance(0)
    ;(await fake.gateway.connection(1)).challenge()
    await delay(50)
    h.client.retryNow()
    await (await fake.gateway.connection(2)).handshake()
    expect((await fake.gateway.connection(1)).requestsFor('connect')).toHaveLength(0)
    await waitForPhase(h, 'connected')
  })

  it('waits restartExpectedMs of a shutdown event before reconnecting', async () => {
    const { h, connection } = await connected()
    connection.event('shutdown', { reason: 'restart', restartExpectedMs: 2500 }, 1)
    await vi.waitFor(() => expect(h.events).toHaveLength(1))
    connection.socket.close(1012, 'service restart')
    await waitForPhase(h, 'reconnecting')
    expect(h.client.status).toMatchObject({ retryInMs: 2500 })
    await expectNoSocketAfter(h, 2499, 1)
    h.timers.advance(1)
    await (await fake.gateway.connection(1)).handshake()
    await waitForPhase(h, 'connected')
  })

  it('forgets a shutdown hint once the connection that sent it is gone', async () => {
    const { h, connection } = await connected({}, { policy: { tickIntervalMs: 5_000, maxPayload: 26214400 } })
    connection.event('shutdown', { reason: 'restart', restartExpectedMs: 2500 }, 1)
    await vi.waitFor(() => expect(h.events).toHaveLength(1))
    h.timers.advance(10_000) // the gateway goes silent: the watchdog replaces the socket, no close event arrives
    expect((await connection.closed).reason).toBe('tick timeout')
    const next = await fake.gateway.connection(1)
    await next.handshake()
    await waitForPhase(h, 'connected')
    next.socket.terminate() // an ordinary drop, long after that restart
    await waitForPhase(h, 'reconnecting')
    expect(h.client.status).toMatchObject({ attempt: 1, retryInMs: 0 })
  })
})

describe('handshake timeouts', () => {
  it('gives up on a gateway that never sends the challenge after 10 s, and retries', async () => {
    const h = start()
    const silent = await fake.gateway.connection(0)
    await expectNoSocketAfter(h, 9_999, 1)
    expect(silent.isOpen).toBe(true)
    h.timers.advance(1)
    expect(await silent.closed).toEqual({ code: 4000, reason: 'connect timeout' })
    await (await fake.gateway.connection(1)).handshake()
    await waitForPhase(h, 'connected')
  })

  it('gives up on a connect request left unanswered for 15 s, and retries', async () => {
    const h = start()
    const silent = await fake.gateway.connection(0)
    silent.challenge()
    await silent.connectRequest()
    await expectNoSocketAfter(h, 14_999, 1)
    h.timers.advance(1)
    expect(await silent.closed).toEqual({ code: 4000, reason: 'connect timeout' })
    await (await fake.gateway.connection(1)).handshake()
    await waitForPhase(h, 'connected')
  })
})

describe('terminal failures', () => {
  it.each([
    [
      'an invalid bootstrap token',
      {
        code: 'INVALID_REQUEST',
        message: 'unauthorized: setup code invalid, expired, revoked, or already used',
        details: { code: 'AUTH_BOOTSTRAP_TOKEN_INVALID' },
      },
      1008,
      'bootstrap-invalid',
    ],
    [
      'a protocol mismatch',
      { code: 'INVALID_REQUEST', message: 'protocol mismatch', details: { code: 'PROTOCOL_MISMATCH', expectedProtocol: 4 } },
      1002,
      'protocol-mismatch',
    ],
    [
      'a reload-required build mismatch',
      {
        code: 'UNAVAILABLE',
        message: 'protocol mismatch: Control UI updated; reload this page to continue',
        retryable: false,
        details: { code: 'PROTOCOL_MISMATCH', reloadRequired: true },
      },
      1008,
      'protocol-mismatch',
    ],
    [
      'an origin that is not allowed',
      { code: 'INVALID_REQUEST', message: 'origin not allowed', details: { code: 'CONTROL_UI_ORIGIN_NOT_ALLOWED', reason: 'origin not allowed' } },
      1008,
      'origin-not-allowed',
    ],
    [
      'rate limiting',
      {
        code: 'INVALID_REQUEST',
        message: 'unauthorized: too many failed authentication attempts (retry later)',
        retryable: true,
        retryAfterMs: 1000,
        details: { code: 'AUTH_RATE_LIMITED' },
      },
      1008,
      'rate-limited',
    ],
    [
      'a wrong shared token',
      { code: 'INVALID_REQUEST', message: 'unauthorized: gateway token mismatch', details: { code: 'AUTH_TOKEN_MISMATCH' } },
      1008,
      'auth-failed',
    ],
    ['an unknown error', { code: 'TEAPOT', message: 'I am a teapot' }, 1008, 'rejected'],
  ])('stops on %s: needs-user and no further socket', async (_name, error, closeCode, kind) => {
    const h = start({ vault: new MemoryVault({ bootstrap: 'boot', shared: { token: 'shared' } }) })
    const connection = await fake.gateway.connection(0)
    await connection.refuse(error)
    connection.socket.close(closeCode, error.message.slice(0, 100))
    await waitForPhase(h, 'needs-user')
    expect(h.client.status).toMatchObject({ phase: 'needs-user', problem: { kind } })
    await expectNoFurtherSocket(h, 1)
    expect(h.client.status.phase).toBe('needs-user')
    expect(h.vault.bootstrap === undefined).toBe(kind === 'bootstrap-invalid')
  })

  it('stops on a bare 1002 close', async () => {
    const h = start()
    const connection = await fake.gateway.connection(0)
    connection.socket.close(1002, 'protocol mismatch')
    await waitForPhase(h, 'needs-user')
    expect(h.client.status).toMatchObject({ problem: { kind: 'protocol-mismatch' } })
    await expectNoFurtherSocket(h, 1)
  })
})

describe('pairing', () => {
  it('waits for approval, polling with the same identity, and connects once approved', async () => {
    const h = start({ vault: new MemoryVault({ bootstrap: 'boot' }) })
    const first = await (await fake.gateway.connection(0)).refuse(ERRORS.pairing('req-1'))
    await waitForPhase(h, 'waiting-approval')
    expect(h.client.status).toEqual({ phase: 'waiting-approval', requestId: 'req-1', reason: 'not-paired', nextCheckInMs: 3000 })
    await expectNoSocketAfter(h, 2999, 1)
    h.timers.advance(1)
    const second = await (await fake.gateway.connection(1)).refuse(ERRORS.pairing('req-1'))
    await vi.waitFor(() => expect(h.statuses.filter((status) => status.phase === 'waiting-approval')).toHaveLength(2))
    expect(h.client.status).toMatchObject({ phase: 'waiting-approval', requestId: 'req-1' })
    h.timers.advance(3000)
    const third = await (await fake.gateway.connection(2)).handshake({
      auth: { method: 'bootstrap-token', role: 'operator', scopes: ['operator.read', 'operator.write'], deviceToken: 'op' },
    })
    await waitForPhase(h, 'connected')
    for (const { params } of [second, third]) {
      expect(params.device.id).toBe(first.params.device.id)
      expect(params.device.publicKey).toBe(first.params.device.publicKey)
      expect(params.role).toBe(first.params.role)
      expect(params.scopes).toEqual(first.params.scopes)
      expect(params.auth).toEqual({ bootstrapToken: 'boot' })
    }
    expect(h.vault.deviceTokens.get('operator')?.token).toBe('op')
  })

  it('reports the pairing as rejected when the next poll gets a different request id, and stops polling', async () => {
    const h = start({ vault: new MemoryVault({ bootstrap: 'boot' }) })
    await (await fake.gateway.connection(0)).refuse(ERRORS.pairing('req-1'))
    await waitForPhase(h, 'waiting-approval')
    h.timers.advance(3000)
    await (await fake.gateway.connection(1)).refuse(ERRORS.pairing('req-2'))
    await waitForPhase(h, 'needs-user')
    expect(h.client.status).toEqual({ phase: 'needs-user', problem: { kind: 'pairing-rejected' } })
    await expectNoFurtherSocket(h, 2)
  })

  it('reports the pairing as rejected, not the code as spent, when the code is refused while its request waits', async () => {
    // Rejecting a request revokes the device's setup code on the gateway: the next poll hears "setup code invalid".
    const h = start({ vault: new MemoryVault({ bootstrap: 'boot' }) })
    await (await fake.gateway.connection(0)).refuse(ERRORS.pairing('req-1'))
    await waitForPhase(h, 'waiting-approval')
    h.timers.advance(3000)
    const refusal = { code: 'INVALID_REQUEST', message: 'unauthorized: setup code invalid', details: { code: 'AUTH_BOOTSTRAP_TOKEN_INVALID' } }
    await (await fake.gateway.connection(1)).refuse(refusal)
    await waitForPhase(h, 'needs-user')
    expect(h.client.status).toEqual({ phase: 'needs-user', problem: { kind: 'pairing-rejected' } })
    // No second try without the newer scope: the gateway took those scopes when it made the request.
    await expectNoFurtherSocket(h, 2)
    expect(h.vault.bootstrap).toBeUndefined()
  })
})

describe('a refused device token', () => {
  const vaultWithTokens = (shared?: { token: string }) =>
    new MemoryVault({
      deviceTokens: { operator: deviceToken('op-old', ['operator.read', 'operator.write']), node: deviceToken('node-token') },
      ...(shared ? { shared } : {}),
    })

  it('drops only that role token and retries once with the shared secret', async () => {
    const h = start({ vault: vaultWithTokens({ token: 'shared' }) })
    const first = await (await fake.gateway.connection(0)).refuse(ERRORS.deviceTokenMismatch)
    expect(first.params.auth).toEqual({ deviceToken: 'op-old' })
    const second = await (await fake.gateway.connection(1)).handshake({
      auth: { method: 'token', role: 'operator', scopes: ['operator.read', 'operator.write'], deviceToken: 'op-new' },
    })
    expect(second.params.auth).toEqual({ token: 'shared' })
    expect(second.params.role).toBe('operator')
    await waitForPhase(h, 'connected')
    expect(h.vault.calls).toContain('deleteDeviceToken:operator')
    expect(h.vault.calls).not.toContain('deleteDeviceToken:node')
    expect(h.vault.deviceTokens.get('node')?.token).toBe('node-token')
    expect(h.vault.deviceTokens.get('operator')?.token).toBe('op-new')
  })

  it('does not loop when the shared-secret retry is refused the same way', async () => {
    const h = start({ vault: vaultWithTokens({ token: 'shared' }) })
    await (await fake.gateway.connection(0)).refuse(ERRORS.deviceTokenMismatch)
    await (await fake.gateway.connection(1)).refuse(ERRORS.deviceTokenMismatch)
    await waitForPhase(h, 'needs-user')
    expect(h.client.status).toMatchObject({ problem: { kind: 'device-token-rejected', role: 'operator' } })
    await expectNoFurtherSocket(h, 2)
  })

  it('stops with device-token-rejected when there is no shared secret to fall back on', async () => {
    const h = start({ vault: vaultWithTokens() })
    await (await fake.gateway.connection(0)).refuse({ ...ERRORS.deviceTokenMismatch, details: { code: 'AUTH_SCOPE_MISMATCH' } })
    await waitForPhase(h, 'needs-user')
    expect(h.client.status).toMatchObject({ problem: { kind: 'device-token-rejected', role: 'operator' } })
    expect(h.vault.deviceTokens.has('operator')).toBe(false)
    expect(h.vault.deviceTokens.get('node')?.token).toBe('node-token')
    await expectNoFurtherSocket(h, 1)
  })
})

describe('tick watchdog', () => {
  // 5 s is the shortest tick interval the client believes.
  const FAST_TICKS = { policy: { tickIntervalMs: 5_000, maxPayload: 26214400 } }

  it('closes and reconnects when nothing arrives for twice the tick interval', async () => {
    const { h, connection } = await connected({}, FAST_TICKS)
    h.timers.advance(9_999)
    await delay(30)
    expect(connection.isOpen).toBe(true)
    expect(h.client.status.phase).toBe('connected')
    h.timers.advance(1) // fires the watchdog and then the 0 ms retry it schedules
    expect(await connection.closed).toEqual({ code: 4000, reason: 'tick timeout' })
    expect(h.statuses).toContainEqual({ phase: 'reconnecting', attempt: 1, retryInMs: 0, reason: 'tick timeout' })
    await (await fake.gateway.connection(1)).handshake()
    await waitForPhase(h, 'connected')
  })

  it('does not believe a tick interval under 5 s: a gateway announcing 1 ms still gets 10 s of silence', async () => {
    const { h, connection } = await connected({}, { policy: { tickIntervalMs: 1, maxPayload: 26214400 } })
    h.timers.advance(9_999)
    await delay(30)
    expect(connection.isOpen).toBe(true)
    expect(h.client.status.phase).toBe('connected')
    h.timers.advance(1)
    expect(await connection.closed).toEqual({ code: 4000, reason: 'tick timeout' })
  })

  it('stays connected as long as ticks keep arriving', async () => {
    const { h, connection } = await connected({}, FAST_TICKS)
    for (let tick = 1; tick <= 6; tick += 1) {
      h.timers.advance(6_000)
      connection.event('tick', { ts: tick }, tick)
      await vi.waitFor(() => expect(h.events).toHaveLength(tick))
    }
    expect(h.client.status.phase).toBe('connected')
    expect(connection.isOpen).toBe(true)
    expect(fake.gateway.count).toBe(1)
  })
})

describe('environment', () => {
  it('reports offline and opens no socket while offline, then connects as soon as it is back online', async () => {
    const environment = new FakeEnvironment()
    environment.online = false
    const h = start({ environment })
    expect(h.client.status).toEqual({ phase: 'offline' })
    await expectNoFurtherSocket(h, 0)
    environment.goOnline()
    await (await fake.gateway.connection(0)).handshake()
    await waitForPhase(h, 'connected')
  })

  it('connects at once when the page becomes visible while reconnecting', async () => {
    const environment = new FakeEnvironment()
    const { h, connection } = await connected({ environment, random: () => 0.99 })
    connection.socket.terminate()
    await waitForPhase(h, 'reconnecting')
    environment.becomeVisible()
    await (await fake.gateway.connection(1)).handshake()
    await waitForPhase(h, 'connected')
  })

  it('goes offline instead of scheduling a retry when the network is gone', async () => {
    const environment = new FakeEnvironment()
    const { h, connection } = await connected({ environment })
    environment.online = false
    connection.socket.terminate()
    await waitForPhase(h, 'offline')
    await expectNoFurtherSocket(h, 1)
    environment.goOnline()
    await fake.gateway.connection(1)
  })

  it('drops the link on the browser offline event, rejects pending requests, and reconnects on online', async () => {
    const environment = new FakeEnvironment()
    const { h, connection } = await connected({ environment })
    const pending = h.client.request('chat.history')
    await connection.request('chat.history')
    environment.goOffline()
    await expect(pending).rejects.toBeInstanceOf(GatewayDisconnectedError)
    expect(h.client.status).toEqual({ phase: 'offline' })
    await connection.closed
    await expectNoFurtherSocket(h, 1)
    environment.goOnline()
    await (await fake.gateway.connection(1)).handshake()
    await waitForPhase(h, 'connected')
  })

  it('ignores visibility changes while connected', async () => {
    const environment = new FakeEnvironment()
    const { h } = await connected({ environment })
    environment.becomeVisible()
    await expectNoSocketAfter(h, 0, 1)
    expect(h.client.status.phase).toBe('connected')
  })
})

describe('stop', () => {
  it('closes the socket, rejects pending requests, and nothing reconnects afterwards', async () => {
    const environment = new FakeEnvironment()
    const { h, connection } = await connected({ environment })
    const pending = h.client.request('chat.history')
    await connection.request('chat.history')
    h.client.stop()
    await expect(pending).rejects.toBeInstanceOf(GatewayDisconnectedError)
    expect(h.client.status).toEqual({ phase: 'stopped' })
    expect(await connection.closed).toEqual({ code: 1000, reason: 'client stopped' })
    environment.goOnline()
    environment.becomeVisible()
    await expectNoFurtherSocket(h, 1)
    expect(h.client.status).toEqual({ phase: 'stopped' })
  })

  it('cancels a pending reconnect', async () => {
    const { h, connection } = await connected({ random: () => 0.5 })
    connection.socket.terminate()
    await waitForPhase(h, 'reconnecting')
    h.client.stop()
    await expectNoFurtherSocket(h, 1)
  })

  it('cancels pairing polls', async () => {
    const h = start({ vault: new MemoryVault({ bootstrap: 'boot' }) })
    await (await fake.gateway.connection(0)).refuse(ERRORS.pairing('req-1'))
    await waitForPhase(h, 'waiting-approval')
    h.client.stop()
    await expectNoFurtherSocket(h, 1)
  })
})
