/**
 * Reconnect after a gateway restart. Each round stops the gateway (SIGTERM and start again at once,
 * or SIGKILL and stay down 20 s), starts it on the same port and state, and measures, from the
 * moment its port accepts TCP connections (a connect loop every 2 ms), the first hello-ok of each
 * open page and of the 50 ms floor clients. All of them live through the same restarts; a
 * device-token floor only in rounds of its own, in this app's place (see floorClient.ts).
 */
import net from 'node:net'
import { performance } from 'node:perf_hooks'
import type { TestGateway } from '../../harness/testGateway'
import { floorConnect, type FloorCredential } from './floorClient'
import type { HelloWatcher } from './probe'
import type { SubjectId } from './subjects'

export type RestartKind = 'SIGTERM' | 'SIGKILL'
export const KILL_DOWN_MS = 20_000
const PORT_POLL_MS = 2
const HELLO_TIMEOUT_MS = 90_000

export type RestartRound = {
  kind: RestartKind
  /** ms from port open to the CLI floor's first hello-ok; null when none came within the timeout. */
  floorMs: number | null
  /** The same for the device-token floor, in the rounds it runs in (this app's page closed then). */
  deviceFloorMs?: number | null
  pages: Partial<Record<SubjectId, number | null>>
  /** Each page's handshake steps from 3 s before the port opened to its hello-ok, ms from port open (JSON only). */
  steps?: Partial<Record<SubjectId, Array<[number, string]>>>
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

export type RoundClients = { cli: FloorCredential; device?: FloorCredential; watchers: Partial<Record<SubjectId, HelloWatcher>> }

export async function restartRound(gateway: TestGateway, kind: RestartKind, clients: RoundClients): Promise<RestartRound> {
  const { watchers } = clients
  const stop = new AbortController()
  const stoppedAt = performance.now()
  if (kind === 'SIGTERM') await gateway.stop()
  else await gateway.kill()
  const downFrom = performance.now()
  // Everyone starts waiting while the gateway is down, as a real client would be.
  const portOpen = portOpenAt(gateway.port, stop.signal)
  const floorWithin = (credential: FloorCredential) =>
    orNull(withTimeout(floorConnect(gateway.url, credential, stop.signal), KILL_DOWN_MS + HELLO_TIMEOUT_MS, 'floor client'))
  const floor = floorWithin(clients.cli)
  const deviceFloor = clients.device ? floorWithin(clients.device) : null
  const pageHellos = Object.entries(watchers).map(([id, watcher]) => [id, orNull(watcher.next(downFrom, HELLO_TIMEOUT_MS))] as const)
  if (kind === 'SIGKILL') await new Promise((resolve) => setTimeout(resolve, KILL_DOWN_MS))
  const launched = gateway.launch()
  launched.catch(() => {}) // awaited (and thrown) below; this only keeps Node from calling it unhandled meanwhile
  try {
    const openAt = await withTimeout(portOpen, KILL_DOWN_MS + HELLO_TIMEOUT_MS, 'gateway port')
    const fromOpen = since(openAt)
    const floorResult = await floor
    const deviceResult = deviceFloor ? await deviceFloor : undefined
    const pages: RestartRound['pages'] = {}
    const steps: NonNullable<RestartRound['steps']> = {}
    for (const [id, hello] of pageHellos) {
      const at = await hello
      pages[id as SubjectId] = at === null ? null : fromOpen(at)
      steps[id as SubjectId] = watchers[id as SubjectId]!.stepsBetween(openAt - 3_000, at ?? performance.now(), openAt)
    }
    return {
      kind,
      floorMs: floorResult ? fromOpen(floorResult.helloAt) : null,
      ...(deviceResult !== undefined ? { deviceFloorMs: deviceResult ? fromOpen(deviceResult.helloAt) : null } : {}),
      pages,
      steps,
      downMs: Math.round(openAt - stoppedAt),
    }
  } finally {
    stop.abort()
    await launched
  }
}
