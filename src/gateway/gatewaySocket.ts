/**
 * The socket under a GatewayClient, as tldraw's ClientWebSocketAdapter sits under TLSyncClient: one
 * WebSocket at a time and its lifetime. It opens and retires sockets, ignores whatever a retired
 * socket still emits, drops a socket that missed its deadline (the handshake's timeouts, the tick
 * watchdog) or that the browser has just declared offline, and says when a new try is worth it
 * (back online, page visible again). What a frame means, and whether and when to reconnect, stay
 * the client's to decide.
 */
import type { Environment } from './environment'
import { gatewayAddress } from './gatewayAddress'
import type { TimerId, Timers } from './timers'

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

const CONNECTING = 0
const OPEN = 1
const NORMAL_CLOSE = 1000
// NOTE: browsers may only send 1000 or 3000–4999; the Control UI uses 4000 for its own aborts too.
const CLIENT_ABORT_CLOSE = 4000
const DEFAULT_TICK_INTERVAL_MS = 30_000
// NOTE: hello-ok's tick interval is the gateway's word, not a promise; a tiny one would make the
// watchdog drop every link within milliseconds (a reconnect storm), a huge one would overflow setTimeout.
const MIN_TICK_INTERVAL_MS = 5_000
const MAX_TICK_INTERVAL_MS = 10 * 60_000

/** `idle`: no live socket (none opened yet, or its owner dropped it). `closed`: close() was called; for good. */
export type SocketStatus = 'idle' | 'connecting' | 'open' | 'closing' | 'closed'

/** How the live socket went away without its owner dropping it. */
export type SocketClose =
  /** A close frame from the gateway, or the network giving out (1006). */
  | { by: 'gateway'; code: number; reason: string }
  /** Its deadline passed (a handshake step, or two tick intervals of silence): closed from our side. */
  | { by: 'timeout'; reason: string }

export interface GatewaySocket {
  readonly status: SocketStatus
  /** Opens a fresh socket, retiring any live one first. Does nothing once closed. */
  open(): void
  /** Sends one text frame on the live socket (the caller checks `status` first); no socket, no send. Never a `connect`. */
  send(text: string): void
  /**
   * Sends a frame that carries a credential (the `connect` request), only when this socket's gateway
   * address is the one the credential is bound to; returns false and sends nothing otherwise. The one
   * way a credential leaves the app, so no caller can send a token to another gateway.
   */
  sendBound(text: string, boundTo: string): boolean
  /**
   * Unless cleared or set again first, drops the live socket in `ms` and reports `{ by: 'timeout', reason }`.
   * One deadline at a time, and it dies with its socket.
   */
  setDeadline(ms: number, reason: string): void
  clearDeadline(): void
  /**
   * The tick watchdog: a deadline of two tick intervals. The owner arms it on hello-ok and again on
   * every frame it accepts after that, because only it knows which frames count (a malformed one
   * proves nothing).
   */
  armWatchdog(tickIntervalMs?: number): void
  /** Forgets the live socket so nothing it still emits is acted on, and closes it. No onClose follows. */
  drop(reason: string): void
  /** Every message of the live socket, as it came (text, or a Buffer/Blob/ArrayBuffer for binary). */
  onFrame(listener: (data: unknown) => void): () => void
  /** The live socket went away by itself (see SocketClose); the socket is idle afterwards. */
  onClose(listener: (close: SocketClose) => void): () => void
  /** The browser went offline. The live socket, if any, is already dropped; told even when there was none. */
  onOffline(listener: () => void): () => void
  /** Back online, or the page became visible, while no socket is live: a good moment to try again. */
  onWake(listener: () => void): () => void
  /** Drops the live socket with a normal close and stops listening to the environment. Idempotent; dead afterwards. */
  close(reason: string): void
}

export type GatewaySocketOptions = {
  url: string
  socketFactory?: SocketFactory
  timers: Timers
  environment: Environment
}

/** A `connect` request as reqFrame() serializes it: `send()` refuses it, so only `sendBound()` can carry one. */
const CONNECT_FRAME = /^\{"type":"req","id":"[^"]*","method":"connect"/

const defaultSocketFactory: SocketFactory = (url) => new WebSocket(url) as unknown as SocketLike

/** A GatewaySocket on `socketFactory`'s sockets. It listens to the environment from now until close(). */
export function createGatewaySocket(options: GatewaySocketOptions): GatewaySocket {
  return new WebSocketGatewaySocket(options)
}

class WebSocketGatewaySocket implements GatewaySocket {
  private readonly url: string
  private readonly socketFactory: SocketFactory
  private readonly timers: Timers
  private readonly detachEnvironment: () => void
  private readonly frameListeners = new Set<(data: unknown) => void>()
  private readonly closeListeners = new Set<(close: SocketClose) => void>()
  private readonly offlineListeners = new Set<() => void>()
  private readonly wakeListeners = new Set<() => void>()
  private ws: SocketLike | null = null
  private deadlineTimer: TimerId | undefined
  private isClosed = false

  constructor(options: GatewaySocketOptions) {
    this.url = options.url
    this.socketFactory = options.socketFactory ?? defaultSocketFactory
    this.timers = options.timers
    const { environment } = options
    const offOnline = environment.onOnline(() => this.wake())
    const offOffline = environment.onOffline(() => this.goOffline())
    const offVisible = environment.onVisible(() => this.wake())
    this.detachEnvironment = () => {
      offOnline()
      offOffline()
      offVisible()
    }
  }

  get status(): SocketStatus {
    if (this.isClosed) return 'closed'
    if (!this.ws) return 'idle'
    const state = this.ws.readyState
    return state === CONNECTING ? 'connecting' : state === OPEN ? 'open' : 'closing'
  }

  open(): void {
    if (this.isClosed) return
    this.retire('replaced by a new socket', CLIENT_ABORT_CLOSE)
    const ws = this.socketFactory(this.url)
    this.ws = ws
    // The stale-socket guard (tldraw's `if (this._ws === ws)`): a retired socket can still deliver a
    // message or its close event, and neither may touch the socket that replaced it.
    ws.onmessage = (event) => {
      if (this.ws === ws) emit(this.frameListeners, event.data)
    }
    ws.onclose = (event) => {
      if (this.ws !== ws) return
      this.forget()
      emit(this.closeListeners, { by: 'gateway', code: event.code, reason: event.reason })
    }
    ws.onerror = () => {} // a close event always follows; it carries what we need
  }

  send(text: string): void {
    if (CONNECT_FRAME.test(text)) return
    this.ws?.send(text)
  }

  sendBound(text: string, boundTo: string): boolean {
    if (gatewayAddress(this.url) !== boundTo || !this.ws) return false
    this.ws.send(text)
    return true
  }

  setDeadline(ms: number, reason: string): void {
    this.clearDeadline()
    const ws = this.ws
    if (!ws) return
    this.deadlineTimer = this.timers.set(() => {
      if (this.ws !== ws) return
      this.retire(reason, CLIENT_ABORT_CLOSE)
      emit(this.closeListeners, { by: 'timeout', reason })
    }, ms)
  }

  clearDeadline(): void {
    this.timers.clear(this.deadlineTimer)
  }

  armWatchdog(tickIntervalMs = DEFAULT_TICK_INTERVAL_MS): void {
    const tickMs = Math.min(Math.max(tickIntervalMs, MIN_TICK_INTERVAL_MS), MAX_TICK_INTERVAL_MS)
    this.setDeadline(2 * tickMs, 'tick timeout')
  }

  drop(reason: string): void {
    this.retire(reason, CLIENT_ABORT_CLOSE)
  }

  onFrame(listener: (data: unknown) => void): () => void {
    return subscribe(this.frameListeners, listener)
  }

  onClose(listener: (close: SocketClose) => void): () => void {
    return subscribe(this.closeListeners, listener)
  }

  onOffline(listener: () => void): () => void {
    return subscribe(this.offlineListeners, listener)
  }

  onWake(listener: () => void): () => void {
    return subscribe(this.wakeListeners, listener)
  }

  close(reason: string): void {
    if (this.isClosed) return
    this.detachEnvironment()
    this.retire(reason, NORMAL_CLOSE)
    this.isClosed = true
    for (const listeners of [this.frameListeners, this.closeListeners, this.offlineListeners, this.wakeListeners]) listeners.clear()
  }

  /**
   * NOTE: a browser's WebSocket can sit half-dead for minutes after the network goes away; the
   * `offline` event is the earliest honest signal, so the link is dropped at once.
   */
  private goOffline(): void {
    this.retire('browser offline', CLIENT_ABORT_CLOSE)
    emit(this.offlineListeners, undefined)
  }

  private wake(): void {
    // A socket already on its way (say, opened ahead of the gateway's retryAfterMs) is not doubled.
    if (this.ws) return
    emit(this.wakeListeners, undefined)
  }

  /** Stops listening to the live socket and lets go of it, leaving it as it is. */
  private forget(): SocketLike | null {
    const ws = this.ws
    this.ws = null
    this.clearDeadline()
    if (ws) {
      ws.onmessage = null
      ws.onclose = null
    }
    return ws
  }

  /** Forgets the live socket and closes it. */
  private retire(reason: string, code: number): void {
    try {
      this.forget()?.close(code, reason)
    } catch {
      // already closing
    }
  }
}

function subscribe<T>(listeners: Set<T>, listener: T): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/**
 * A plain loop on purpose: the client is the listener, and a throw from its frame handling should
 * surface exactly as it did from the WebSocket's own handler, not be swallowed here.
 */
function emit<T>(listeners: Set<(value: T) => void>, value: T): void {
  for (const listener of [...listeners]) listener(value)
}
