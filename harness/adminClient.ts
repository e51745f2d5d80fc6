/**
 * The harness's own admin connection to a test gateway: a loopback CLI-style client with the shared
 * token and no device, whose admin scopes the gateway keeps (protocol doc §16.3). It approves
 * pairing requests and revokes tokens in milliseconds where the CLI takes seconds to start.
 */
import WebSocket from 'ws'
import { InboundFrame } from '../src/gateway/protocol'

export class AdminRpcError extends Error {
  override name = 'AdminRpcError'
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** How long the gateway asked to wait before retrying (with UNAVAILABLE while it starts). */
    readonly retryAfterMs?: number,
  ) {
    super(message)
  }
}

export type AdminClient = {
  call(method: string, params?: unknown): Promise<unknown>
  close(): void
}

export function connectAdmin(url: string, token: string, timeoutMs = 10_000): Promise<AdminClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    const pending = new Map<string, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
    let counter = 0
    let connected = false
    const timer = setTimeout(() => fail(new Error('admin connect timed out')), timeoutMs)

    function fail(error: Error): void {
      clearTimeout(timer)
      ws.terminate()
      reject(error)
    }

    function send(method: string, params?: unknown): Promise<unknown> {
      const id = `admin-${++counter}`
      ws.send(JSON.stringify({ type: 'req', id, method, params }))
      return new Promise((res, rej) => pending.set(id, { resolve: res, reject: rej }))
    }

    ws.on('error', (error) => (connected ? undefined : fail(error)))
    ws.on('close', () => {
      for (const entry of pending.values()) entry.reject(new Error('admin connection closed'))
      pending.clear()
    })
    ws.on('message', (data) => {
      const frame = InboundFrame.safeParse(JSON.parse(String(data)))
      if (!frame.success) return
      if (frame.data.type === 'event') {
        if (frame.data.event !== 'connect.challenge' || connected) return
        send('connect', {
          // 3 too: the compat suite drives a protocol-3 gateway (2026.4.29) with the same harness.
          minProtocol: 3,
          maxProtocol: 4,
          client: { id: 'cli', mode: 'cli', version: 'test-harness', platform: process.platform },
          role: 'operator',
          scopes: ['operator.admin'],
          caps: [],
          auth: { token },
        }).then(
          () => {
            connected = true
            clearTimeout(timer)
            resolve({ call: send, close: () => ws.close() })
          },
          (error: Error) => fail(error),
        )
        return
      }
      const entry = pending.get(frame.data.id)
      if (!entry) return
      pending.delete(frame.data.id)
      if (frame.data.ok) entry.resolve(frame.data.payload)
      else {
        const error = frame.data.error
        entry.reject(new AdminRpcError(error?.code ?? 'UNKNOWN', error?.message ?? 'failed', error?.details, error?.retryAfterMs))
      }
    })
  })
}
