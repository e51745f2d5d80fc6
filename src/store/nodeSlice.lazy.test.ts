// @vitest-environment node
// The node's working parts are a chunk loaded when the node link attaches. Here that chunk is held
// back until the test lets it through, to show that invocations arriving meanwhile are not lost.
import { gatewayAddress } from '../gateway'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useFakeGateway } from '../gateway/testing/fakeGateway'
import { baseApis } from '../gateway/node/testing/fakeBrowser'
import { clearAllDatabases, createTestStore, gatewayRecord, until } from './testing/storeTestkit'
import { saveInitialSecrets } from './vaultStorage'

const chunk = vi.hoisted(() => {
  let release: () => void = () => undefined
  const arrived = new Promise<void>((resolve) => (release = resolve))
  return { arrived, release: () => release() }
})

vi.mock('../gateway/node/runtime', async (importOriginal) => {
  await chunk.arrived
  return importOriginal()
})

const fake = useFakeGateway()
let dispose: () => void = () => undefined

beforeEach(clearAllDatabases)
afterEach(() => dispose())

describe('node link while its chunk loads', () => {
  it('answers, in order, the invocations that arrived before the chunk did', async () => {
    const { store, dispose: disposeStore } = createTestStore({ nodeApis: baseApis() })
    dispose = () => {
      store.getState().clientFor('N', 'node')?.stop()
      disposeStore()
    }
    await saveInitialSecrets('N', { shared: { token: 'shared-token', addresses: [gatewayAddress(fake.gateway.url)] } })
    await store.getState().addGateway(gatewayRecord('N', fake.gateway.url, { role: 'node' }))
    const connection = await fake.gateway.connection(0)
    await connection.handshake({ auth: { method: 'token', role: 'node', scopes: [], deviceToken: 'node-token' } })
    await until(() => expect(store.getState().statuses.N?.phase).toBe('connected'))

    for (const id of ['early-1', 'early-2']) {
      connection.event('node.invoke.request', {
        id,
        nodeId: 'the-device',
        command: 'device.status',
        paramsJSON: '{}',
        timeoutMs: 15_000,
        idempotencyKey: `key-${id}`,
      })
    }
    connection.event('tick', { ts: 1 }) // not an invocation: not kept for the chunk
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(connection.frames.filter((frame) => frame.type === 'req' && frame.method === 'node.invoke.result')).toEqual([])

    chunk.release()
    const answered: string[] = []
    for (let i = 0; i < 2; i++) {
      const frame = await connection.take((f) => f.type === 'req' && f.method === 'node.invoke.result', 3_000)
      connection.respond(String(frame.id), { ok: true })
      answered.push((frame.params as { id: string; ok: boolean }).id)
      expect((frame.params as { ok: boolean }).ok).toBe(true)
    }
    expect(answered).toEqual(['early-1', 'early-2'])
    await until(() => expect(store.getState().nodes.N?.log.map((entry) => `${entry.id}:${entry.state}`)).toEqual(['early-2:sent', 'early-1:sent']))
  })
})
