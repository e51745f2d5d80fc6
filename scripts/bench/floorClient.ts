/**
 * The reconnect floor: the fastest a client can get back in without being rude to the gateway. It
 * is a CLI-style client (shared token, no device, like e2e/gateway/adminClient.ts) that opens
 * ws://…, waits for `connect.challenge`, sends `connect`, and after any failure (refused, the
 * gateway's early UNAVAILABLE answer, a drop) tries again 50 ms later, until `hello-ok`.
 */
import { performance } from 'node:perf_hooks'
import WebSocket from 'ws'

export const FLOOR_RETRY_MS = 50
const ATTEMPT_TIMEOUT_MS = 5_000

type Frame = { type?: string; event?: string; id?: string; ok?: boolean; payload?: { type?: string } }

/** One attempt: resolves with performance.now() at hello-ok, rejects on anything else. */
function attempt(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    let isDone = false
    const finish = (error: Error | null, at?: number) => {
      if (isDone) return
      isDone = true
      clearTimeout(timer)
      ws.removeAllListeners()
      ws.on('error', () => {})
      ws.terminate()
      if (error) reject(error)
      else resolve(at!)
    }
    const timer = setTimeout(() => finish(new Error('attempt timed out')), ATTEMPT_TIMEOUT_MS)
    ws.on('error', (error) => finish(error))
    ws.on('close', () => finish(new Error('closed')))
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame
      if (frame.type === 'event' && frame.event === 'connect.challenge') {
        const params = {
          minProtocol: 4,
          maxProtocol: 4,
          client: { id: 'cli', mode: 'cli', version: 'bench-floor', platform: process.platform },
          role: 'operator',
          scopes: ['operator.admin'],
          caps: [],
          auth: { token },
        }
        ws.send(JSON.stringify({ type: 'req', id: 'floor-connect', method: 'connect', params }))
        return
      }
      if (frame.type === 'res' && frame.id === 'floor-connect') {
        if (frame.ok && frame.payload?.type === 'hello-ok') finish(null, performance.now())
        else finish(new Error('connect refused'))
      }
    })
  })
}

/** Retries every 50 ms until hello-ok (or until `signal` aborts); resolves with its time. */
export async function floorConnect(url: string, token: string, signal: AbortSignal): Promise<{ helloAt: number; attempts: number }> {
  let attempts = 0
  while (!signal.aborted) {
    attempts++
    try {
      return { helloAt: await attempt(url, token), attempts }
    } catch {
      await new Promise((resolve) => setTimeout(resolve, FLOOR_RETRY_MS))
    }
  }
  throw new Error('floor client stopped before hello-ok')
}
