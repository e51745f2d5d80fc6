/**
 * Test support for the GatewayClient tests: a scriptable gateway on a real `ws` server (127.0.0.1,
 * port 0), an in-memory vault, a hand-cranked clock and a controllable environment. Not shipped:
 * only `*.test.ts` files import it.
 */
import { afterEach, beforeEach, expect, vi } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { GatewayClient, type GatewayClientOptions } from '../client'
import type { ConnectionStatus, Diagnostic } from '../connectionStatus'
import type { Environment } from '../environment'
import { gatewayAddress } from '../gatewayAddress'
import type { SocketLike } from '../gatewaySocket'
import type { StoredIdentity } from '../identity'
import type { EventFrame, Role } from '../protocol'
import type { TimerId, Timers } from '../timers'
import type { BootstrapTokenRecord, Credentials, DeviceTokenRecord, GatewayVault, SharedSecret } from '../vault'

export type JsonObject = { [key: string]: unknown }

/** The parts of the `connect` params the tests look at (everything else stays reachable as unknown). */
export type SentConnectParams = JsonObject & {
  minProtocol: number
  maxProtocol: number
  client: JsonObject & { id: string; mode: string; platform: string; version: string; deviceFamily?: string }
  role: string
  scopes: string[]
  caps: string[]
  auth: { token?: string; deviceToken?: string; bootstrapToken?: string; password?: string }
  device: { id: string; publicKey: string; signature: string; signedAt: number; nonce: string }
}
export type ConnectRequest = { type: 'req'; id: string; method: 'connect'; params: SentConnectParams }
export type SentRequest = { type: 'req'; id: string; method: string; params?: unknown }

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export function deferred<T = void>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** One socket the client opened, seen from the gateway's side. */
export class GatewayConnection {
  readonly frames: JsonObject[] = []
  readonly raw: string[] = []
  readonly closed: Promise<{ code: number; reason: string }>
  closeInfo: { code: number; reason: string } | null = null
  private readonly consumed = new Set<JsonObject>()
  private waiters: Array<() => void> = []

  constructor(
    readonly socket: WebSocket,
    readonly index: number,
  ) {
    socket.on('message', (data) => {
      const text = String(data)
      this.raw.push(text)
      try {
        this.frames.push(JSON.parse(text) as JsonObject)
      } catch {
        // the client never sends anything but JSON; keep the raw text for inspection
      }
      this.notify()
    })
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        this.closeInfo = { code, reason: String(reason) }
        resolve(this.closeInfo)
        this.notify()
      })
    })
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN
  }

  private notify(): void {
    const waiters = this.waiters
    this.waiters = []
    for (const wake of waiters) wake()
  }

  /** The first frame not returned before that matches, waiting for it if needed. */
  async take(predicate: (frame: JsonObject) => boolean, timeoutMs = 3_000): Promise<JsonObject> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const frame = this.frames.find((candidate) => !this.consumed.has(candidate) && predicate(candidate))
      if (frame) {
        this.consumed.add(frame)
        return frame
      }
      if (this.closeInfo) throw new Error(`connection ${this.index} closed (${this.closeInfo.code}) before the expected frame`)
      if (Date.now() > deadline) throw new Error(`connection ${this.index}: expected frame did not arrive`)
      await Promise.race([new Promise<void>((resolve) => this.waiters.push(resolve)), delay(50)])
    }
  }

  async request(method: string): Promise<SentRequest> {
    return (await this.take((frame) => frame.type === 'req' && frame.method === method)) as SentRequest
  }

  async connectRequest(): Promise<ConnectRequest> {
    return (await this.request('connect')) as ConnectRequest
  }

  requestsFor(method: string): SentRequest[] {
    return this.frames.filter((frame) => frame.type === 'req' && frame.method === method) as SentRequest[]
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame))
  }

  challenge(payload: unknown = { nonce: `nonce-${this.index}`, ts: Date.now() }): void {
    this.send({ type: 'event', event: 'connect.challenge', payload })
  }

  event(event: string, payload?: unknown, seq?: number): void {
    this.send({ type: 'event', event, ...(payload === undefined ? {} : { payload }), ...(seq === undefined ? {} : { seq }) })
  }

  respond(id: string, payload?: unknown): void {
    this.send({ type: 'res', id, ok: true, ...(payload === undefined ? {} : { payload }) })
  }

  fail(id: string, error: JsonObject): void {
    this.send({ type: 'res', id, ok: false, error })
  }

  /** challenge → connect request → hello-ok; returns the connect request the client sent. */
  async handshake(hello: JsonObject = {}, challenge?: unknown): Promise<ConnectRequest> {
    this.challenge(challenge)
    const connect = await this.connectRequest()
    this.respond(connect.id, helloPayload(connect.params.role, hello))
    return connect
  }

  /** challenge → connect request → error response; returns the connect request. */
  async refuse(error: JsonObject, challenge?: unknown): Promise<ConnectRequest> {
    this.challenge(challenge)
    const connect = await this.connectRequest()
    this.fail(connect.id, error)
    return connect
  }
}

/** A `hello-ok` payload for `role`; `overrides` replace whole top-level sections. */
export function helloPayload(role: string, overrides: JsonObject = {}): JsonObject {
  return {
    type: 'hello-ok',
    protocol: 4,
    server: { version: '2026.9.6', connId: 'conn-test' },
    features: { methods: ['health', 'chat.send'], events: ['tick', 'chat'] },
    snapshot: { sessionDefaults: { defaultAgentId: 'main', mainKey: 'main', mainSessionKey: 'agent:main:main' } },
    auth: { method: 'token', role, scopes: role === 'operator' ? ['operator.read', 'operator.write'] : [] },
    policy: { maxPayload: 26214400, tickIntervalMs: 30000 },
    ...overrides,
  }
}

export class FakeGateway {
  readonly connections: GatewayConnection[] = []
  private waiters: Array<() => void> = []

  private constructor(
    private readonly server: WebSocketServer,
    readonly url: string,
  ) {
    server.on('connection', (socket) => {
      this.connections.push(new GatewayConnection(socket, this.connections.length))
      const waiters = this.waiters
      this.waiters = []
      for (const wake of waiters) wake()
    })
  }

  static async start(): Promise<FakeGateway> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve)
      server.once('error', reject)
    })
    const address = server.address()
    if (typeof address === 'string' || !address) throw new Error('no TCP address')
    return new FakeGateway(server, `ws://127.0.0.1:${address.port}`)
  }

  get count(): number {
    return this.connections.length
  }

  /** Connection number `index` (0-based), waiting for the client to open it. */
  async connection(index: number, timeoutMs = 3_000): Promise<GatewayConnection> {
    const deadline = Date.now() + timeoutMs
    while (!this.connections[index]) {
      if (Date.now() > deadline) throw new Error(`connection ${index} was never opened (${this.count} so far)`)
      await Promise.race([new Promise<void>((resolve) => this.waiters.push(resolve)), delay(50)])
    }
    return this.connections[index]
  }

  async close(): Promise<void> {
    for (const connection of this.connections) connection.socket.terminate()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}

export const deviceToken = (token: string, scopes: string[] = []): DeviceTokenRecord => ({ token, scopes, savedAtMs: 0 })

/** A Map-backed vault that logs every write in `calls`, in order. */
export class MemoryVault implements GatewayVault {
  identity: StoredIdentity | null = null
  readonly deviceTokens = new Map<Role, DeviceTokenRecord>()
  bootstrap: BootstrapTokenRecord | undefined
  shared: SharedSecret | undefined
  readonly calls: string[] = []
  /**
   * The gateway address that what the test put in unbound belongs to (startClient sets it to its
   * gateway's): tests that are not about binding need not spell it out.
   */
  boundTo: string | undefined
  /** When set, saveDeviceToken waits for it before writing: lets a test hold a write open. */
  saveGate: ((role: Role) => Promise<void>) | null = null

  constructor(init: { deviceTokens?: Partial<Record<Role, DeviceTokenRecord>>; bootstrap?: string; shared?: SharedSecret } = {}) {
    for (const [role, record] of Object.entries(init.deviceTokens ?? {})) this.deviceTokens.set(role as Role, record)
    if (init.bootstrap) this.bootstrap = { token: init.bootstrap }
    this.shared = init.shared
  }

  async loadIdentity(): Promise<StoredIdentity | null> {
    return this.identity
  }

  async saveIdentity(identity: StoredIdentity): Promise<void> {
    this.calls.push('saveIdentity')
    this.identity = identity
  }

  async loadCredentials(): Promise<Credentials> {
    const deviceTokens: Partial<Record<Role, DeviceTokenRecord>> = {}
    const address = this.boundTo
    const addresses = address === undefined ? undefined : [address]
    for (const [role, record] of this.deviceTokens) deviceTokens[role] = { address, ...record, scopes: [...record.scopes] }
    return {
      deviceTokens,
      ...(this.bootstrap ? { bootstrap: { addresses, ...this.bootstrap } } : {}),
      ...(this.shared ? { shared: { addresses, ...this.shared } } : {}),
    }
  }

  async saveDeviceToken(role: Role, record: DeviceTokenRecord): Promise<void> {
    this.calls.push(`saveDeviceToken:${role}:begin`)
    if (this.saveGate) await this.saveGate(role)
    this.deviceTokens.set(role, record)
    this.calls.push(`saveDeviceToken:${role}`)
  }

  async deleteDeviceToken(role: Role): Promise<void> {
    this.calls.push(`deleteDeviceToken:${role}`)
    this.deviceTokens.delete(role)
  }

  async deleteBootstrapToken(): Promise<void> {
    this.calls.push('deleteBootstrapToken')
    this.bootstrap = undefined
  }

  async deleteSharedSecret(): Promise<void> {
    this.calls.push('deleteSharedSecret')
    this.shared = undefined
  }
}

/** A clock that moves only when the test says so. */
export class ManualTimers implements Timers {
  private nowMs = 1_000_000
  private nextId = 1
  private readonly timers = new Map<number, { at: number; callback: () => void }>()
  /** The longest delay anything asked for (a real setTimeout fires at once past 2^31−1 ms). */
  maxRequestedMs = 0

  set(callback: () => void, ms: number): TimerId {
    const id = this.nextId++
    this.maxRequestedMs = Math.max(this.maxRequestedMs, ms)
    this.timers.set(id, { at: this.nowMs + Math.max(0, ms), callback })
    return id as unknown as TimerId
  }

  clear(id: TimerId | undefined): void {
    if (id !== undefined) this.timers.delete(id as unknown as number)
  }

  now(): number {
    return this.nowMs
  }

  /** Delays (from now) of the timers still pending, soonest first. */
  pending(): number[] {
    return [...this.timers.values()].map((timer) => timer.at - this.nowMs).sort((a, b) => a - b)
  }

  /** Moves the clock forward, firing every timer that falls due, in order (including ones set meanwhile). */
  advance(ms: number): void {
    const target = this.nowMs + ms
    for (;;) {
      let next: [number, { at: number; callback: () => void }] | undefined
      for (const entry of this.timers) if (entry[1].at <= target && (!next || entry[1].at < next[1].at)) next = entry
      if (!next) break
      this.timers.delete(next[0])
      this.nowMs = next[1].at
      next[1].callback()
    }
    this.nowMs = target
  }
}

export class FakeEnvironment implements Environment {
  online = true
  private readonly onlineCallbacks = new Set<() => void>()
  private readonly offlineCallbacks = new Set<() => void>()
  private readonly visibleCallbacks = new Set<() => void>()

  isOnline(): boolean {
    return this.online
  }

  onOnline(callback: () => void): () => void {
    this.onlineCallbacks.add(callback)
    return () => this.onlineCallbacks.delete(callback)
  }

  onOffline(callback: () => void): () => void {
    this.offlineCallbacks.add(callback)
    return () => this.offlineCallbacks.delete(callback)
  }

  goOffline(): void {
    this.online = false
    for (const callback of [...this.offlineCallbacks]) callback()
  }

  onVisible(callback: () => void): () => void {
    this.visibleCallbacks.add(callback)
    return () => this.visibleCallbacks.delete(callback)
  }

  goOnline(): void {
    this.online = true
    for (const callback of [...this.onlineCallbacks]) callback()
  }

  becomeVisible(): void {
    for (const callback of [...this.visibleCallbacks]) callback()
  }
}

/** Wraps a real `ws` socket and remembers every handler the client installed, even after it clears them. */
export class RecordingSocket implements SocketLike {
  installedMessage: SocketLike['onmessage'] = null
  installedClose: SocketLike['onclose'] = null

  constructor(readonly inner: WebSocket) {}

  get readyState(): number {
    return this.inner.readyState
  }

  send(data: string): void {
    this.inner.send(data)
  }

  close(code?: number, reason?: string): void {
    this.inner.close(code, reason)
  }

  get onopen(): SocketLike['onopen'] {
    return this.inner.onopen as SocketLike['onopen']
  }
  set onopen(handler: SocketLike['onopen']) {
    this.inner.onopen = handler as WebSocket['onopen']
  }

  get onmessage(): SocketLike['onmessage'] {
    return this.inner.onmessage as SocketLike['onmessage']
  }
  set onmessage(handler: SocketLike['onmessage']) {
    if (handler) this.installedMessage = handler
    this.inner.onmessage = handler as WebSocket['onmessage']
  }

  get onclose(): SocketLike['onclose'] {
    return this.inner.onclose as SocketLike['onclose']
  }
  set onclose(handler: SocketLike['onclose']) {
    if (handler) this.installedClose = handler
    this.inner.onclose = handler as WebSocket['onclose']
  }

  get onerror(): SocketLike['onerror'] {
    return this.inner.onerror as SocketLike['onerror']
  }
  set onerror(handler: SocketLike['onerror']) {
    this.inner.onerror = handler as WebSocket['onerror']
  }
}

export type Harness = {
  client: GatewayClient
  vault: MemoryVault
  timers: ManualTimers
  statuses: ConnectionStatus[]
  diagnostics: Diagnostic[]
  events: EventFrame[]
  sockets: RecordingSocket[]
}

export type HarnessOptions = Partial<Omit<GatewayClientOptions, 'url' | 'vault' | 'socketFactory' | 'timers'>> & {
  vault?: MemoryVault
  timers?: ManualTimers
  /** Start the client at once (default true). */
  start?: boolean
}

export const TEST_CLIENT_INFO = { version: '0.1.0-test' }

/** A GatewayClient on `ws` sockets with deterministic backoff (random 0), recording what it reports. */
export function startClient(gateway: FakeGateway, options: HarnessOptions = {}): Harness {
  const { vault = new MemoryVault({ shared: { token: 'shared-token' } }), start = true, timers = new ManualTimers(), ...rest } = options
  const sockets: RecordingSocket[] = []
  vault.boundTo = gatewayAddress(gateway.url)
  const client = new GatewayClient({
    url: gateway.url,
    role: 'operator',
    clientInfo: TEST_CLIENT_INFO,
    random: () => 0,
    ...rest,
    timers,
    vault,
    socketFactory: (url) => {
      const socket = new RecordingSocket(new WebSocket(url))
      sockets.push(socket)
      return socket
    },
  })
  const harness: Harness = { client, vault, timers, statuses: [], diagnostics: [], events: [], sockets }
  client.onStatus((status) => harness.statuses.push(status))
  client.onDiagnostic((diagnostic) => harness.diagnostics.push(diagnostic))
  client.onEvent((event) => harness.events.push(event))
  if (start) client.start()
  return harness
}

export type FakeGatewaySuite = {
  /** This test's gateway (a fresh one per test). */
  readonly gateway: FakeGateway
  /** Starts a client on this test's gateway; it is stopped after the test. */
  start(options?: HarnessOptions): Harness
  /** A started client that completed the handshake on connection 0, and that connection's connect request. */
  connected(options?: HarnessOptions, hello?: JsonObject): Promise<{ h: Harness; connection: GatewayConnection; connect: ConnectRequest }>
  waitForPhase(h: Harness, phase: ConnectionStatus['phase']): Promise<void>
  /**
   * Stops the client and swaps in a fresh gateway on a new port: a property run starts from a clean
   * slate, and sockets a stopped client abandoned mid-connect cannot turn up as the next run's.
   */
  renew(): Promise<FakeGateway>
}

/**
 * Registers the per-test setup and teardown the client tests share: a fresh FakeGateway before each
 * test; afterwards the client is stopped and the gateway closed. Call it at the top of a test file.
 */
export function useFakeGateway(): FakeGatewaySuite {
  let gateway: FakeGateway | undefined
  let harness: Harness | undefined
  const teardown = async () => {
    harness?.client.stop()
    harness = undefined
    await gateway?.close()
    gateway = undefined
  }
  beforeEach(async () => {
    gateway = await FakeGateway.start()
  })
  afterEach(teardown)
  const suite: FakeGatewaySuite = {
    get gateway() {
      if (!gateway) throw new Error('useFakeGateway: the gateway exists only while a test runs')
      return gateway
    },
    start: (options = {}) => (harness = startClient(suite.gateway, options)),
    waitForPhase: (h, phase) => vi.waitFor(() => expect(h.client.status.phase).toBe(phase), { timeout: 3_000, interval: 5 }),
    async connected(options = {}, hello = {}) {
      const h = suite.start(options)
      const connection = await suite.gateway.connection(0)
      const connect = await connection.handshake(hello)
      await suite.waitForPhase(h, 'connected')
      return { h, connection, connect }
    },
    async renew() {
      await teardown()
      gateway = await FakeGateway.start()
      return gateway
    },
  }
  return suite
}
