/**
 * The reconnect floors: the fastest a client can get back in when it retries every 50 ms and
 * ignores every hint. Each opens ws://…, waits for `connect.challenge`, sends `connect`, and after any
 * failure (refused, the gateway's early UNAVAILABLE answer, a drop) tries again 50 ms later, until
 * `hello-ok`. Two credentials:
 *
 * - CLI: shared token, no device, like harness/adminClient.ts. The cheapest connect the gateway
 *   has; a browser cannot make it (without a device the gateway drops an operator's scopes, protocol
 *   doc §7 row 8b, unless it is the CLI on loopback with no Origin).
 * - Device token: a paired device with the app's own connect frame (src/gateway's buildConnectParams:
 *   same client identity, same signed v3 proof, same Origin), so the only difference from the app is
 *   how it retries. The gateway's first device-token connect after start-up costs it 100–230 ms more
 *   than later ones (measured), whoever makes it; so this floor runs in rounds of its own.
 */
import { performance } from 'node:perf_hooks'
import WebSocket from 'ws'
import { buildConnectParams, chooseCredential } from '../../src/gateway/connectParams'
import { GatewayClient, gatewayAddress, type SocketLike } from '../../src/gateway'
import { identityFromStored, type StoredIdentity } from '../../src/gateway/identity'
import { ConnectChallenge, type Role } from '../../src/gateway/protocol'
import { defaultScopesFor } from '../../src/gateway/roles'
import type { BootstrapTokenRecord, DeviceTokenRecord, GatewayVault } from '../../src/gateway/vault'
import { parseSetupCode } from '../../src/pairing/setupCode'
import type { TestGateway } from '../../harness/testGateway'

export const FLOOR_RETRY_MS = 50
const ATTEMPT_TIMEOUT_MS = 5_000
const PAIRING_TIMEOUT_MS = 30_000
const DEVICE_FLOOR_INFO = { version: 'bench-floor', displayName: 'Bench device floor' }

type Frame = { type?: string; event?: string; id?: string; ok?: boolean; payload?: { type?: string } }

/** What a floor sends: its connect params for a challenge, and the Origin its sockets carry (if any). */
export type FloorCredential = { connectParams(challenge: ConnectChallenge): Promise<Record<string, unknown>>; origin?: string }

export function cliCredential(token: string): FloorCredential {
  return {
    connectParams: async () => ({
      minProtocol: 4,
      maxProtocol: 4,
      client: { id: 'cli', mode: 'cli', version: 'bench-floor', platform: process.platform },
      role: 'operator',
      scopes: ['operator.admin'],
      caps: [],
      auth: { token },
    }),
  }
}

/**
 * Pairs a new device as operator, the way the app does (setup code, pairing request, approval), and
 * returns it as a floor credential with its device token.
 */
export async function pairDeviceCredential(gateway: TestGateway, origin: string, setupCode: string): Promise<FloorCredential> {
  const setup = parseSetupCode(setupCode)
  if (!setup.ok) throw new Error(`device floor: unusable setup code (${setup.error.message})`)
  const vault = memoryVault(setup.payload.bootstrapToken, gatewayAddress(gateway.url))
  const client = new GatewayClient({
    url: gateway.url,
    role: 'operator',
    vault,
    clientInfo: DEVICE_FLOOR_INFO,
    socketFactory: (url) => new WebSocket(url, { origin }) as unknown as SocketLike,
  })
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`device floor not paired (still ${client.status.phase})`)), PAIRING_TIMEOUT_MS)
      client.onStatus((status) => {
        if (status.phase === 'waiting-approval') gateway.approve(status.requestId).catch(reject)
        if (status.phase === 'needs-user') reject(new Error(`device floor not paired: ${status.problem.kind}`))
        if (status.phase === 'connected') {
          clearTimeout(timer)
          resolve()
        }
      })
      client.start()
    })
  } finally {
    client.stop()
  }
  const stored = await vault.loadIdentity()
  const credential = chooseCredential(await vault.loadCredentials(), 'operator', defaultScopesFor('operator'), gatewayAddress(gateway.url))
  if (!stored || credential?.source !== 'device-token') throw new Error('device floor: no device token after pairing')
  const identity = identityFromStored(stored)
  return {
    origin,
    connectParams: (challenge) => buildConnectParams({ challenge, identity, role: 'operator', credential, clientInfo: DEVICE_FLOOR_INFO }),
  }
}

/**
 * The bench device's secrets, in memory for one run (the app keeps them in IndexedDB). The bench is a
 * user-facing command, so it has its own instead of borrowing the unit tests' fake.
 */
function memoryVault(bootstrapToken: string, address: string): GatewayVault {
  let identity: StoredIdentity | null = null
  let bootstrap: BootstrapTokenRecord | undefined = { token: bootstrapToken, addresses: [address] }
  const deviceTokens = new Map<Role, DeviceTokenRecord>()
  return {
    loadIdentity: async () => identity,
    saveIdentity: async (stored) => {
      identity = stored
    },
    loadCredentials: async () => ({ deviceTokens: Object.fromEntries(deviceTokens), ...(bootstrap ? { bootstrap } : {}) }),
    saveDeviceToken: async (role, record) => {
      deviceTokens.set(role, record)
    },
    deleteDeviceToken: async (role) => {
      deviceTokens.delete(role)
    },
    deleteBootstrapToken: async () => {
      bootstrap = undefined
    },
    deleteSharedSecret: async () => {},
  }
}

/** One attempt: resolves with performance.now() at hello-ok, rejects on anything else. */
function attempt(url: string, credential: FloorCredential): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, credential.origin ? { origin: credential.origin } : {})
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
        const challenge = ConnectChallenge.safeParse(frame.payload)
        if (!challenge.success) return finish(new Error('bad challenge'))
        credential
          .connectParams(challenge.data)
          .then((params) => ws.send(JSON.stringify({ type: 'req', id: 'floor-connect', method: 'connect', params })))
          .catch((error: Error) => finish(error))
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
export async function floorConnect(url: string, credential: FloorCredential, signal: AbortSignal): Promise<{ helloAt: number; attempts: number }> {
  let attempts = 0
  while (!signal.aborted) {
    attempts++
    try {
      return { helloAt: await attempt(url, credential), attempts }
    } catch {
      await new Promise((resolve) => setTimeout(resolve, FLOOR_RETRY_MS))
    }
  }
  throw new Error('floor client stopped before hello-ok')
}
