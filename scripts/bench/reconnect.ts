/**
 * Reconnect after a gateway restart. Each round stops the gateway (SIGTERM and start again at once,
 * or SIGKILL and stay down 20 s), starts it on the same port and state, and measures, from the
 * moment its port accepts TCP connections (a connect loop every 2 ms), the first hello-ok of each
 * open page and of the 50 ms floor client. All of them live through the same restarts.
 */
import net from 'node:net'
import { performance } from 'node:perf_hooks'
import type { TestGateway } from '../../e2e/gateway/testGateway'
import { floorConnect } from './floorClient'
import type { HelloWatcher } from './probe'
import type { SubjectId } from './subjects'

export type RestartKind = 'SIGTERM' | 'SIGKILL'
export const KILL_DOWN_MS = 20_000
const PORT_POLL_MS = 2
const HELLO_TIMEOUT_MS = 90_000

export type RestartRound = {
  kind: RestartKind
  /** ms from port open to the first hello-ok; null when none came within the timeout. */
  floorMs: number | null
  pages: Partial<Record<SubjectId, number | null>>
  downMs: number
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

async function portOpenAt(port: number, signal: AbortSignal): Promise<number> {
  while (!signal.aborted) {
    if (await portAccepts(port)) return performance.now()
    await new Promise((resolve) => setTimeout(resolve, PORT_POLL_MS))
  }
  throw new Error('stopped before the port opened')
}

const since = (start: number) => (end: number) => Math.round(end - start)
const orNull = <T>(promise: Promise<T>): Promise<T | null> => promise.catch(() => null)
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms)))
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

export async function restartRound(gateway: TestGateway, kind: RestartKind, watchers: Partial<Record<SubjectId, HelloWatcher>>): Promise<RestartRound> {
  const stop = new AbortController()
  const stoppedAt = performance.now()
  if (kind === 'SIGTERM') await gateway.stop()
  else await gateway.kill()
  const downFrom = performance.now()
  // Everyone starts waiting while the gateway is down, as a real client would be.
  const portOpen = portOpenAt(gateway.port, stop.signal)
  const floor = orNull(withTimeout(floorConnect(gateway.url, gateway.token, stop.signal), KILL_DOWN_MS + HELLO_TIMEOUT_MS, 'floor client'))
  const pageHellos = Object.entries(watchers).map(([id, watcher]) => [id, orNull(watcher.next(downFrom, HELLO_TIMEOUT_MS))] as const)
  if (kind === 'SIGKILL') await new Promise((resolve) => setTimeout(resolve, KILL_DOWN_MS))
  const launched = gateway.launch()
  launched.catch(() => {}) // awaited (and thrown) below; this only keeps Node from calling it unhandled meanwhile
  try {
    const openAt = await withTimeout(portOpen, KILL_DOWN_MS + HELLO_TIMEOUT_MS, 'gateway port')
    const fromOpen = since(openAt)
    const floorResult = await floor
    const pages: RestartRound['pages'] = {}
    for (const [id, hello] of pageHellos) {
      const at = await hello
      pages[id as SubjectId] = at === null ? null : fromOpen(at)
    }
    return { kind, floorMs: floorResult ? fromOpen(floorResult.helloAt) : null, pages, downMs: Math.round(openAt - stoppedAt) }
  } finally {
    stop.abort()
    await launched
  }
}
