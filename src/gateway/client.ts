/**
 * One live link to one gateway in one role. Over a GatewaySocket (which owns the WebSocket itself)
 * it performs the signed handshake, keeps the tokens the gateway hands out, matches responses to
 * requests, fans events out, and reconnects when that can help — and only then.
 */
import { answerToWaitingRequest, classifyClose, readConnectAnswer, type ConnectFailure } from './failure'
import { prepareConnect, type ChosenCredential } from './connectParams'
import type { ConnectionStatus, Diagnostic } from './connectionStatus'
import { decodeFrame } from './decodeFrame'
import { encodeRequest } from './encodeRequest'
import { EventOrder } from './eventOrder'
import { staticEnvironment, type Environment } from './environment'
import { GatewayDisconnectedError, RoleNotAllowedError } from './errors'
import { gatewayAddress } from './gatewayAddress'
import { createGatewaySocket, type GatewaySocket, type SocketClose } from './gatewaySocket'
import { loadOrCreateIdentity, type DeviceIdentity } from './identity'
import { Listeners } from './listeners'
import { InFlight } from './inFlight'
import { PendingRequests } from './pendingRequests'
import { PREOPEN_LEAD_MS, ReconnectSchedule } from './reconnectSchedule'
import { ConnectChallenge, reqFrame, type EventFrame, type HelloOk, type ResFrame, type Role } from './protocol'
import { scopesForOlderBootstrap } from './olderGateways'
import { defaultScopesFor, isMethodAllowedForRole } from './roles'
import { defaultTimers, type TimerId, type Timers } from './timers'
import { dropRefusedDeviceToken, persistHelloTokens } from './tokenHandoff'
import type { GatewayVault } from './vault'
import type { GatewayClientOptions } from './clientOptions'

export type { GatewayClientOptions } from './clientOptions'

export const CHALLENGE_TIMEOUT_MS = 10_000
export const HANDSHAKE_TIMEOUT_MS = 15_000
export const REQUEST_TIMEOUT_MS = 30_000
export const PAIRING_POLL_MS = 3_000

export class GatewayClient {
  readonly url: string
  readonly role: Role
  private readonly vault: GatewayVault
  private readonly timers: Timers
  private readonly random: () => number
  private readonly environment: Environment
  private scopes: string[]
  private readonly pending: PendingRequests
  private readonly steps = new InFlight()
  private readonly eventListeners = new Listeners<EventFrame>()
  private readonly statusListeners = new Listeners<ConnectionStatus>()
  private readonly diagnosticListeners = new Listeners<Diagnostic>()
  /** The socket of the running client: made by start(), closed by stop(). */
  private socket: GatewaySocket | null = null
  private identity: DeviceIdentity | null = null
  /** The id of the connect request of the live socket; it also names that connect attempt (see isCurrent). */
  private connectRequestId: string | null = null
  private isConnectAnswered = false
  private credential: ChosenCredential | null = null
  /** When to try again: backoff, the gateway's hints, the held connect. */
  private readonly schedule: ReconnectSchedule
  private requestCounter = 0
  private readonly order = new EventOrder()
  private usedSharedRetry = false
  private lastPairingRequestId: string | undefined
  private hello: HelloOk | null = null
  private retryTimer: TimerId | undefined
  private connectHoldTimer: TimerId | undefined
  private current: ConnectionStatus = { phase: 'idle' }

  constructor(private readonly options: GatewayClientOptions) {
    this.url = options.url
    this.role = options.role
    this.vault = options.vault
    this.timers = options.timers ?? defaultTimers
    this.random = options.random ?? Math.random
    this.environment = options.environment ?? staticEnvironment
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
    if (this.socket) return
    const socket = createGatewaySocket({ url: this.url, socketFactory: this.options.socketFactory, timers: this.timers, environment: this.environment })
    socket.onFrame((data) => this.receive(data))
    socket.onClose((close) => this.handleClose(close))
    socket.onOffline(() => this.goOffline())
    socket.onWake(() => this.wakeUp())
    this.socket = socket
    this.open()
  }

  /** Stops, then resolves once no handshake step can still read or write the vault (before a Forget deletes it). */
  async shutdown(): Promise<void> {
    this.stop()
    await this.steps.settled()
  }

  stop(): void {
    this.socket?.close('client stopped')
    this.socket = null
    this.drop('client stopped')
    this.timers.clear(this.retryTimer)
    this.setStatus({ phase: 'stopped' })
  }

  /** The user pressed Retry or "Check now": try again at once, whatever we were waiting for. */
  retryNow(): void {
    if (!this.socket) return
    if (this.current.phase === 'needs-user') this.usedSharedRetry = false
    this.schedule.dropHold()
    this.drop('retry requested')
    this.open()
  }

  onEvent(listener: (event: EventFrame) => void): () => void {
    return this.eventListeners.add(listener)
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    return this.statusListeners.add(listener)
  }

  onDiagnostic(listener: (diagnostic: Diagnostic) => void): () => void {
    return this.diagnosticListeners.add(listener)
  }

  request(method: string, params?: unknown, options: { timeoutMs?: number } = {}): Promise<unknown> {
    if (!isMethodAllowedForRole(this.role, method)) {
      return Promise.reject(new RoleNotAllowedError(`${method} is not available to a ${this.role} connection`))
    }
    const socket = this.socket
    if (socket?.status !== 'open' || this.current.phase !== 'connected') {
      return Promise.reject(new GatewayDisconnectedError(`${method} not sent: not connected`))
    }
    const id = this.nextId()
    const frame = encodeRequest(id, method, params, this.hello?.policy?.maxPayload)
    if (frame instanceof RangeError) return Promise.reject(frame)
    const result = this.pending.add(id, method, options.timeoutMs ?? REQUEST_TIMEOUT_MS)
    socket.send(frame)
    return result
  }

  private nextId(): string {
    this.requestCounter += 1
    return `${this.requestCounter.toString(36)}-${Math.floor(this.random() * 1e9).toString(36)}`
  }

  private setStatus(status: ConnectionStatus): void {
    this.current = status
    this.statusListeners.notify(status)
  }

  private diagnose(kind: Diagnostic['kind'], detail: string): void {
    this.diagnosticListeners.notify({ kind, detail })
  }

  /** The socket has dropped its link (if it had one): wait for the network, unless nothing was under way. */
  private goOffline(): void {
    const phase = this.current.phase
    if (phase === 'needs-user' || phase === 'stopped' || phase === 'idle') return
    this.drop('browser offline')
    this.timers.clear(this.retryTimer)
    this.setStatus({ phase: 'offline' })
  }

  /** Back online or visible with no socket live: waiting out a backoff, or the network, is over. */
  private wakeUp(): void {
    const phase = this.current.phase
    if (phase === 'reconnecting' || phase === 'offline') this.open()
  }

  private open(): void {
    this.timers.clear(this.retryTimer)
    const socket = this.socket
    if (!socket) return // stopped while an async step was under way
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
    socket.open()
    socket.setDeadline(CHALLENGE_TIMEOUT_MS, 'connect timeout')
  }

  /**
   * Ends the live socket (unless it already ended by itself) and all that belongs to its connection:
   * handshake, hello, seq count, shutdown hint, requests. Every socket's end comes through here.
   */
  private drop(reason: string): void {
    this.socket?.drop(reason)
    this.hello = null
    this.connectRequestId = null
    this.isConnectAnswered = false
    this.order.reset()
    this.timers.clear(this.connectHoldTimer)
    this.pending.rejectAll(reason)
  }

  private abort(reason: string): void {
    this.drop(reason)
    this.steps.track(this.act({ action: 'retry', reason }))
  }

  /** A handshake step resumed after an await acts only for its own socket (TLSyncClient's connectRequestId check). */
  private isCurrent(attempt: string): boolean {
    return this.connectRequestId === attempt
  }

  private handleClose(close: SocketClose): void {
    if (close.by === 'timeout') {
      this.abort(close.reason)
      return
    }
    const { code, reason } = close
    const failure = classifyClose(code, reason, this.order.restartExpectedMs)
    this.drop(reason || `closed (${code})`)
    this.steps.track(this.act(failure))
  }

  private receive(data: unknown): void {
    const decoded = decodeFrame(data, this.hello?.policy?.maxPayload)
    if (!decoded.ok) {
      this.diagnose(decoded.oversized ? 'oversized-frame' : 'malformed-frame', decoded.detail)
      return
    }
    const { frame } = decoded
    if (this.hello) this.socket?.armWatchdog(this.hello.policy?.tickIntervalMs)
    if (frame.type === 'res') this.receiveResponse(frame)
    else this.receiveEvent(frame)
  }

  private receiveResponse(frame: ResFrame): void {
    if (frame.id === this.connectRequestId) {
      // A second answer to the same connect (a confused or hostile peer) must not tear down the link.
      if (this.isConnectAnswered) return
      this.isConnectAnswered = true
      this.steps.track(this.receiveConnectResponse(frame).catch((error: unknown) => this.failInternally(frame.id, error)))
      return
    }
    if (!this.pending.settle(frame)) this.diagnose('unknown-response', `response for unknown request id`)
  }

  private receiveEvent(frame: EventFrame): void {
    if (!this.hello) {
      if (frame.event === 'connect.challenge' && !this.connectRequestId) this.steps.track(this.answerChallenge(frame.payload))
      return
    }
    const gap = this.order.see(frame)
    if (gap) this.diagnose('seq-gap', gap)
    this.eventListeners.notify(frame)
  }

  /** Answers the challenge with this socket's connect request, held back while the gateway asked us to wait. */
  private async answerChallenge(payload: unknown): Promise<void> {
    const challenge = ConnectChallenge.safeParse(payload)
    if (!challenge.success) {
      this.diagnose('bad-payload', 'connect.challenge without a usable nonce or ts')
      this.abort('invalid challenge')
      return
    }
    const attempt = (this.connectRequestId = this.nextId())
    try {
      const identity = (this.identity ??= await loadOrCreateIdentity(this.vault))
      const { clientInfo, extras } = this.options
      const connect = await prepareConnect({
        vault: this.vault,
        identity,
        challenge: challenge.data,
        role: this.role,
        scopes: this.scopes,
        address: gatewayAddress(this.url),
        clientInfo,
        extras,
      })
      if (!this.isCurrent(attempt)) return
      if (!connect) {
        this.drop('no credentials')
        this.steps.track(this.act({ action: 'stop', problem: { kind: 'no-credentials' } }))
        return
      }
      this.credential = connect.credential
      const frame = JSON.stringify(reqFrame(attempt, 'connect', connect.params))
      const holdMs = this.schedule.connectHoldMs()
      if (holdMs > 0) this.connectHoldTimer = this.timers.set(() => this.sendConnect(attempt, frame), holdMs)
      else this.sendConnect(attempt, frame)
    } catch (error) {
      this.failInternally(attempt, error)
    }
  }

  private sendConnect(attempt: string, frame: string): void {
    const socket = this.socket
    if (!socket || !this.isCurrent(attempt)) return
    if (this.current.phase !== 'connecting') this.setStatus({ phase: 'connecting', attempt: this.schedule.attempt })
    socket.setDeadline(HANDSHAKE_TIMEOUT_MS, 'connect timeout')
    if (this.credential && socket.sendBound(frame, this.credential.address)) return
    this.drop('credential bound to another gateway')
    this.steps.track(this.act({ action: 'stop', problem: { kind: 'no-credentials' } }))
  }

  private async receiveConnectResponse(frame: ResFrame): Promise<void> {
    this.socket?.clearDeadline()
    const answer = readConnectAnswer(frame, this.role, this.credential)
    if (!answer.ok) {
      if (answer.diagnostic) this.diagnose('bad-payload', answer.diagnostic)
      this.drop(answer.reason)
      await this.act(answer.failure)
      return
    }
    const { hello, credential } = answer
    this.hello = hello
    await persistHelloTokens(this.vault, this.role, hello, credential)
    if (!this.isCurrent(frame.id)) return
    this.schedule.reset()
    this.usedSharedRetry = false
    this.lastPairingRequestId = undefined
    this.socket?.armWatchdog(hello.policy?.tickIntervalMs)
    this.setStatus({ phase: 'connected', hello })
  }

  /**
   * Storage failed mid-handshake (quota, a blocked IndexedDB): drop this socket and back off rather
   * than hang in "connecting" with no timer armed.
   */
  private failInternally(attempt: string, error: unknown): void {
    if (!this.isCurrent(attempt)) return
    this.diagnose('bad-payload', `handshake step failed: ${error instanceof Error ? error.name : 'error'}`)
    this.drop('internal error')
    this.steps.track(this.act({ action: 'retry', reason: 'could not store the connection’s credentials' }))
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
        const fallback = await dropRefusedDeviceToken(this.vault, this.role, this.scopes, gatewayAddress(this.url))
        if (fallback && !this.usedSharedRetry) {
          this.usedSharedRetry = true
          this.open()
          return
        }
        this.setStatus({ phase: 'needs-user', problem: failure.problem })
        return
      }
      case 'stop': {
        const refused = failure.problem.kind === 'bootstrap-invalid'
        // A gateway before 2026.8 refuses a setup code asked for a newer scope as if it were spent: ask once without.
        // (Not while a request waits: that gateway took the scopes, and the refusal is the request's answer.)
        const older = refused && this.credential?.source === 'bootstrap-token' && !this.lastPairingRequestId && scopesForOlderBootstrap(this.scopes)
        if (older) {
          this.scopes = older
          this.open()
          return
        }
        if (refused) await this.vault.deleteBootstrapToken().catch(() => undefined)
        this.setStatus({ phase: 'needs-user', problem: answerToWaitingRequest(failure.problem, this.lastPairingRequestId) })
        return
      }
    }
  }
}
