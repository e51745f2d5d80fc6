/**
 * One live link to one gateway in one role. It owns the WebSocket, performs the signed handshake,
 * keeps the tokens the gateway hands out, matches responses to requests, fans events out, and
 * reconnects by itself when that can help — and only then.
 */
import { classifyClose, classifyConnectError, type ConnectFailure, type Problem } from './failure'
import { buildConnectParams, chooseCredential, type ChosenCredential, type ClientInfo, type ConnectExtras } from './connectParams'
import { staticEnvironment, type Environment } from './environment'
import { GatewayDisconnectedError, RoleNotAllowedError } from './errors'
import { createIdentity, identityFromStored, type DeviceIdentity } from './identity'
import { PendingRequests } from './pendingRequests'
import { PREOPEN_LEAD_MS, ReconnectSchedule } from './reconnectSchedule'
import { ConnectChallenge, HelloOk, InboundFrame, type EventFrame, type ResFrame, type Role } from './protocol'
import { defaultScopesFor, isMethodAllowedForRole } from './roles'
import { defaultTimers, type TimerId, type Timers } from './timers'
import { persistHelloTokens } from './tokenHandoff'
import type { GatewayVault } from './vault'

export const CHALLENGE_TIMEOUT_MS = 10_000
export const HANDSHAKE_TIMEOUT_MS = 15_000
export const REQUEST_TIMEOUT_MS = 30_000
export const PAIRING_POLL_MS = 3_000
const DEFAULT_TICK_INTERVAL_MS = 30_000
// NOTE: hello-ok's tick interval is the gateway's word, not a promise; a tiny one would make the
// watchdog drop every link within milliseconds (a reconnect storm), a huge one would overflow setTimeout.
const MIN_TICK_INTERVAL_MS = 5_000
const MAX_TICK_INTERVAL_MS = 10 * 60_000
// NOTE: browsers may only send 1000 or 3000–4999; the Control UI uses 4000 for its own aborts too.
const CLIENT_ABORT_CLOSE = 4000

export type ConnectionStatus =
  | { phase: 'idle' }
  | { phase: 'connecting'; attempt: number }
  | { phase: 'connected'; hello: HelloOk }
  | { phase: 'reconnecting'; attempt: number; retryInMs: number; reason: string }
  | { phase: 'offline' }
  | { phase: 'waiting-approval'; requestId: string; reason: string; nextCheckInMs: number }
  | { phase: 'needs-user'; problem: Problem }
  | { phase: 'stopped' }

export type Diagnostic = { kind: 'malformed-frame' | 'unknown-response' | 'seq-gap' | 'bad-payload'; detail: string }

/** The subset of the WebSocket API the client uses; `ws` in Node and the browser's WebSocket both fit. */
export interface SocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
  onclose: ((event: { code: number; reason: string }) => void) | null
  onerror: ((event: unknown) => void) | null
}
export type SocketFactory = (url: string) => SocketLike

export type GatewayClientOptions = {
  url: string
  /** The role the user chose. Nothing in here ever changes it. */
  role: Role
  vault: GatewayVault
  clientInfo: ClientInfo
  scopes?: string[]
  extras?: ConnectExtras
  socketFactory?: SocketFactory
  timers?: Timers
  random?: () => number
  environment?: Environment
}

const OPEN = 1

export class GatewayClient {
  readonly url: string
  readonly role: Role
  private readonly vault: GatewayVault
  private readonly timers: Timers
  private readonly random: () => number
  private readonly environment: Environment
  private readonly socketFactory: SocketFactory
  private readonly scopes: string[]
  private readonly pending: PendingRequests
  private readonly eventListeners = new Set<(event: EventFrame) => void>()
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>()
  private readonly diagnosticListeners = new Set<(diagnostic: Diagnostic) => void>()
  private ws: SocketLike | null = null
  private identity: DeviceIdentity | null = null
  private connectRequestId: string | null = null
  private isConnectAnswered = false
  private credential: ChosenCredential | null = null
  /** When to try again: backoff, the gateway's hints, the held connect. */
  private readonly schedule: ReconnectSchedule
  private requestCounter = 0
  private lastSeq: number | null = null
  private restartExpectedMs: number | undefined
  private usedSharedRetry = false
  private lastPairingRequestId: string | undefined
  private hello: HelloOk | null = null
  private retryTimer: TimerId | undefined
  private handshakeTimer: TimerId | undefined
  private connectHoldTimer: TimerId | undefined
  private watchdogTimer: TimerId | undefined
  private detachEnvironment: (() => void) | null = null
  private current: ConnectionStatus = { phase: 'idle' }

  constructor(private readonly options: GatewayClientOptions) {
    this.url = options.url
    this.role = options.role
    this.vault = options.vault
    this.timers = options.timers ?? defaultTimers
    this.random = options.random ?? Math.random
    this.environment = options.environment ?? staticEnvironment
    this.socketFactory = options.socketFactory ?? ((url) => new WebSocket(url) as unknown as SocketLike)
    this.scopes = options.scopes ?? defaultScopesFor(options.role)
    this.pending = new PendingRequests(this.timers)
    this.schedule = new ReconnectSchedule(() => this.timers.now(), this.random)
  }

  get status(): ConnectionStatus {
    return this.current
  }

  /** The last `hello-ok` of the live connection, or null while not connected. */
  get helloOk(): HelloOk | null {
    return this.current.phase === 'connected' ? this.hello : null
  }

  start(): void {
    if (this.detachEnvironment) return
    const offOnline = this.environment.onOnline(() => this.wakeUp())
    const offOffline = this.environment.onOffline(() => this.goOffline())
    const offVisible = this.environment.onVisible(() => this.wakeUp())
    this.detachEnvironment = () => {
      offOnline()
      offOffline()
      offVisible()
    }
    this.open()
  }

  stop(): void {
    this.detachEnvironment?.()
    this.detachEnvironment = null
    this.retire('client stopped', 1000)
    this.timers.clear(this.retryTimer)
    this.setStatus({ phase: 'stopped' })
  }

  /** The user pressed Retry or "Check now": try again at once, whatever we were waiting for. */
  retryNow(): void {
    if (!this.detachEnvironment) return
    if (this.current.phase === 'needs-user') this.usedSharedRetry = false
    this.schedule.dropHold()
    this.retire('retry requested')
    this.open()
  }

  onEvent(listener: (event: EventFrame) => void): () => void {
    this.eventListeners.add(listener)
    return () => this.eventListeners.delete(listener)
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener)
    return () => this.statusListeners.delete(listener)
  }

  onDiagnostic(listener: (diagnostic: Diagnostic) => void): () => void {
    this.diagnosticListeners.add(listener)
    return () => this.diagnosticListeners.delete(listener)
  }

  request(method: string, params?: unknown, options: { timeoutMs?: number } = {}): Promise<unknown> {
    if (!isMethodAllowedForRole(this.role, method)) {
      return Promise.reject(new RoleNotAllowedError(`${method} is not available to a ${this.role} connection`))
    }
    const ws = this.ws
    if (!ws || ws.readyState !== OPEN || this.current.phase !== 'connected') {
      return Promise.reject(new GatewayDisconnectedError(`${method} not sent: not connected`))
    }
    const id = this.nextId()
    const frame = JSON.stringify({ type: 'req', id, method, ...(params === undefined ? {} : { params }) })
    const maxPayload = this.hello?.policy?.maxPayload
    // NOTE: the gateway's limit is in bytes; frame.length counts UTF-16 units.
    if (maxPayload !== undefined && new TextEncoder().encode(frame).byteLength > maxPayload) {
      return Promise.reject(new RangeError(`${method} is larger than the gateway accepts (${maxPayload} bytes)`))
    }
    const result = this.pending.add(id, method, options.timeoutMs ?? REQUEST_TIMEOUT_MS)
    ws.send(frame)
    return result
  }

  private nextId(): string {
    this.requestCounter += 1
    return `${this.requestCounter.toString(36)}-${Math.floor(this.random() * 1e9).toString(36)}`
  }

  private setStatus(status: ConnectionStatus): void {
    this.current = status
    notifyAll(this.statusListeners, status)
  }

  private diagnose(kind: Diagnostic['kind'], detail: string): void {
    notifyAll(this.diagnosticListeners, { kind, detail })
  }

  /**
   * NOTE: a browser's WebSocket can sit half-dead for minutes after the network goes away; the
   * `offline` event is the earliest honest signal, so the link is dropped and messages queue.
   */
  private goOffline(): void {
    const phase = this.current.phase
    if (phase === 'needs-user' || phase === 'stopped' || phase === 'idle') return
    this.retire('browser offline')
    this.timers.clear(this.retryTimer)
    this.setStatus({ phase: 'offline' })
  }

  private wakeUp(): void {
    const phase = this.current.phase
    // A socket opened ahead of the gateway's retryAfterMs is already on its way: one socket at a time.
    if (this.ws) return
    if (phase === 'reconnecting' || phase === 'offline') this.open()
  }

  private open(): void {
    this.timers.clear(this.retryTimer)
    if (!this.detachEnvironment) return // stopped while an async step was under way
    if (!this.environment.isOnline()) {
      this.setStatus({ phase: 'offline' })
      return
    }
    const holdMs = this.schedule.connectHoldMs()
    if (holdMs > PREOPEN_LEAD_MS) {
      // Woken early (online, visible) during a long wait the gateway asked for: open nearer its end.
      this.setStatus({ phase: 'reconnecting', attempt: this.schedule.attempt, retryInMs: holdMs, reason: 'the gateway asked to wait' })
      this.retryTimer = this.timers.set(() => this.open(), holdMs - PREOPEN_LEAD_MS)
      return
    }
    // A socket opened while the gateway's wait runs out stays "reconnecting" until its connect leaves.
    if (holdMs === 0 || this.current.phase !== 'reconnecting') this.setStatus({ phase: 'connecting', attempt: this.schedule.attempt })
    const ws = this.socketFactory(this.url)
    this.ws = ws
    this.lastSeq = null
    this.isConnectAnswered = false
    // A shutdown hint belongs to the connection that sent it.
    this.restartExpectedMs = undefined
    this.handshakeTimer = this.timers.set(() => this.abort(ws, 'connect timeout'), CHALLENGE_TIMEOUT_MS)
    ws.onmessage = (event) => {
      if (this.ws === ws) this.receive(ws, event.data)
    }
    ws.onclose = (event) => {
      if (this.ws === ws) this.handleClose(event.code, event.reason)
    }
    ws.onerror = () => {} // a close event always follows; it carries what we need
  }

  /** Forgets the current socket so nothing it still emits is acted on, and closes it. */
  private retire(reason: string, code = CLIENT_ABORT_CLOSE): void {
    const ws = this.ws
    this.ws = null
    this.hello = null
    this.connectRequestId = null
    this.timers.clear(this.handshakeTimer)
    this.timers.clear(this.connectHoldTimer)
    this.timers.clear(this.watchdogTimer)
    this.pending.rejectAll(reason)
    if (ws) {
      ws.onmessage = null
      ws.onclose = null
      try {
        ws.close(code, reason)
      } catch {
        // already closing
      }
    }
  }

  private abort(ws: SocketLike, reason: string): void {
    if (this.ws !== ws) return
    this.retire(reason)
    this.act({ action: 'retry', reason })
  }

  private handleClose(code: number, reason: string): void {
    this.retire(reason || `closed (${code})`)
    const failure = classifyClose(code, reason)
    if (failure.action === 'retry' && this.restartExpectedMs !== undefined) {
      const retryAfterMs = this.restartExpectedMs
      this.restartExpectedMs = undefined
      this.act({ action: 'retry', retryAfterMs, reason: 'gateway restarting' })
      return
    }
    this.act(failure)
  }

  private receive(ws: SocketLike, data: unknown): void {
    // NOTE: the protocol is text frames only. A binary frame arrives as a Buffer in Node and as a Blob
    // or ArrayBuffer in browsers; stringifying it would accept it on one platform and not the others.
    if (typeof data !== 'string') {
      this.diagnose('malformed-frame', 'binary frame')
      return
    }
    let json: unknown
    try {
      json = JSON.parse(data)
    } catch {
      this.diagnose('malformed-frame', 'frame is not JSON')
      return
    }
    const parsed = InboundFrame.safeParse(json)
    if (!parsed.success) {
      this.diagnose('malformed-frame', parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '))
      return
    }
    const frame = parsed.data
    if (this.hello) this.armWatchdog(ws)
    if (frame.type === 'res') this.receiveResponse(ws, frame)
    else this.receiveEvent(ws, frame)
  }

  private receiveResponse(ws: SocketLike, frame: ResFrame): void {
    if (frame.id === this.connectRequestId) {
      // A second answer to the same connect (a confused or hostile peer) must not tear down the link.
      if (this.isConnectAnswered) return
      this.isConnectAnswered = true
      void this.receiveConnectResponse(ws, frame).catch((error: unknown) => this.failInternally(ws, error))
      return
    }
    if (!this.pending.settle(frame)) this.diagnose('unknown-response', `response for unknown request id`)
  }

  private receiveEvent(ws: SocketLike, frame: EventFrame): void {
    if (!this.hello) {
      if (frame.event === 'connect.challenge' && !this.connectRequestId) {
        void this.answerChallenge(ws, frame.payload).catch((error: unknown) => this.failInternally(ws, error))
      }
      return
    }
    if (frame.seq !== undefined) {
      if (this.lastSeq !== null && frame.seq > this.lastSeq + 1) this.diagnose('seq-gap', `events ${this.lastSeq + 1}..${frame.seq - 1} were lost`)
      // A high-water mark: a seq that goes backwards must not make the next normal one look like a gap
      // (each gap reloads history, so alternating 1000, 0, 1000, 0 would be a request storm).
      if (this.lastSeq === null || frame.seq > this.lastSeq) this.lastSeq = frame.seq
    }
    if (frame.event === 'shutdown') {
      const restart = (frame.payload as { restartExpectedMs?: unknown } | undefined)?.restartExpectedMs
      if (typeof restart === 'number' && restart >= 0) this.restartExpectedMs = restart
    }
    notifyAll(this.eventListeners, frame)
  }

  private async answerChallenge(ws: SocketLike, payload: unknown): Promise<void> {
    const challenge = ConnectChallenge.safeParse(payload)
    if (!challenge.success) {
      this.diagnose('bad-payload', 'connect.challenge without a usable nonce or ts')
      this.abort(ws, 'invalid challenge')
      return
    }
    this.connectRequestId = this.nextId()
    const identity = await this.loadIdentity()
    const credentials = await this.vault.loadCredentials()
    if (this.ws !== ws) return
    const credential = chooseCredential(credentials, this.role, this.scopes)
    if (!credential) {
      this.retire('no credentials')
      this.act({ action: 'stop', problem: { kind: 'no-credentials' } })
      return
    }
    this.credential = credential
    const params = await buildConnectParams({
      challenge: challenge.data,
      identity,
      role: this.role,
      credential,
      clientInfo: this.options.clientInfo,
      extras: this.options.extras,
    })
    if (this.ws !== ws) return
    const frame = JSON.stringify({ type: 'req', id: this.connectRequestId, method: 'connect', params })
    const holdMs = this.schedule.connectHoldMs()
    if (holdMs > 0) this.connectHoldTimer = this.timers.set(() => this.sendConnect(ws, frame), holdMs)
    else this.sendConnect(ws, frame)
  }

  private sendConnect(ws: SocketLike, frame: string): void {
    if (this.ws !== ws) return
    if (this.current.phase !== 'connecting') this.setStatus({ phase: 'connecting', attempt: this.schedule.attempt })
    this.timers.clear(this.handshakeTimer)
    this.handshakeTimer = this.timers.set(() => this.abort(ws, 'connect timeout'), HANDSHAKE_TIMEOUT_MS)
    ws.send(frame)
  }

  private async loadIdentity(): Promise<DeviceIdentity> {
    if (this.identity) return this.identity
    let stored = await this.vault.loadIdentity()
    if (!stored) {
      stored = await createIdentity()
      await this.vault.saveIdentity(stored)
    }
    this.identity = identityFromStored(stored)
    return this.identity
  }

  private async receiveConnectResponse(ws: SocketLike, frame: ResFrame): Promise<void> {
    this.timers.clear(this.handshakeTimer)
    const credential = this.credential
    if (!frame.ok || !credential) {
      this.retire('connect refused')
      const error = frame.error ?? { code: 'UNKNOWN', message: 'connect refused without a reason' }
      await this.act(classifyConnectError(error, this.role))
      return
    }
    const hello = HelloOk.safeParse(frame.payload)
    if (!hello.success) {
      this.diagnose('bad-payload', 'hello-ok does not match the protocol')
      this.retire('bad hello')
      this.act({ action: 'stop', problem: { kind: 'rejected', code: 'BAD_HELLO', message: 'The gateway answered with a hello this app does not understand.' } })
      return
    }
    const grantedRole = hello.data.auth?.role
    if (grantedRole !== undefined && grantedRole !== this.role) {
      // NOTE: we never adopt a role the user did not choose; a mismatch is a gateway bug to report, not to follow.
      this.retire('role mismatch')
      this.act({ action: 'stop', problem: { kind: 'rejected', code: 'ROLE_MISMATCH', message: `The gateway connected this device as ${grantedRole}, not ${this.role}.` } })
      return
    }
    this.hello = hello.data
    await persistHelloTokens(this.vault, this.role, hello.data, credential)
    if (this.ws !== ws) return
    this.schedule.reset()
    this.usedSharedRetry = false
    this.lastPairingRequestId = undefined
    this.armWatchdog(ws)
    this.setStatus({ phase: 'connected', hello: hello.data })
  }

  /**
   * Storage failed mid-handshake (quota, a blocked IndexedDB): drop this socket and back off rather
   * than hang in "connecting" with no timer armed.
   */
  private failInternally(ws: SocketLike, error: unknown): void {
    if (this.ws !== ws) return
    this.diagnose('bad-payload', `handshake step failed: ${error instanceof Error ? error.name : 'error'}`)
    this.retire('internal error')
    void this.act({ action: 'retry', reason: 'could not store the connection’s credentials' })
  }

  private armWatchdog(ws: SocketLike): void {
    this.timers.clear(this.watchdogTimer)
    const announcedMs = this.hello?.policy?.tickIntervalMs ?? DEFAULT_TICK_INTERVAL_MS
    const tickMs = Math.min(Math.max(announcedMs, MIN_TICK_INTERVAL_MS), MAX_TICK_INTERVAL_MS)
    this.watchdogTimer = this.timers.set(() => this.abort(ws, 'tick timeout'), 2 * tickMs)
  }

  private async act(failure: ConnectFailure): Promise<void> {
    switch (failure.action) {
      case 'retry': {
        const { retryInMs, openInMs } = this.schedule.next(failure)
        if (!this.environment.isOnline()) {
          this.setStatus({ phase: 'offline' })
          return
        }
        this.setStatus({ phase: 'reconnecting', attempt: this.schedule.attempt, retryInMs, reason: failure.reason })
        this.retryTimer = this.timers.set(() => this.open(), openInMs)
        return
      }
      case 'wait-approval': {
        const { requestId, reason } = failure.problem
        if (this.lastPairingRequestId !== undefined && this.lastPairingRequestId !== requestId) {
          // Same identity, role and scopes get the same request back; a new id means the old one was
          // resolved without approving us (rejected, or expired after five minutes).
          this.lastPairingRequestId = undefined
          this.setStatus({ phase: 'needs-user', problem: { kind: 'pairing-rejected' } })
          return
        }
        this.lastPairingRequestId = requestId
        this.setStatus({ phase: 'waiting-approval', requestId, reason, nextCheckInMs: PAIRING_POLL_MS })
        this.retryTimer = this.timers.set(() => this.open(), PAIRING_POLL_MS)
        return
      }
      case 'drop-device-token': {
        let fallback: ChosenCredential | null = null
        try {
          await this.vault.deleteDeviceToken(this.role)
          fallback = chooseCredential(await this.vault.loadCredentials(), this.role, this.scopes)
        } catch {
          // Storage failed; the user still has to be told, and the refused token is skipped anyway.
        }
        if (fallback && !this.usedSharedRetry) {
          this.usedSharedRetry = true
          this.open()
          return
        }
        this.setStatus({ phase: 'needs-user', problem: failure.problem })
        return
      }
      case 'stop':
        if (failure.problem.kind === 'bootstrap-invalid') await this.vault.deleteBootstrapToken().catch(() => undefined)
        this.setStatus({ phase: 'needs-user', problem: failure.problem })
        return
    }
  }
}

/**
 * Calls every listener the way EventTarget does: one that throws is reported and the others still
 * get the value (a throw would otherwise also escape the socket's message handler mid-frame).
 */
function notifyAll<T>(listeners: Iterable<(value: T) => void>, value: T): void {
  for (const listener of listeners) {
    try {
      listener(value)
    } catch (error) {
      reportListenerError(error)
    }
  }
}

function reportListenerError(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError
  if (typeof report === 'function') report(error)
  else console.error(error)
}
