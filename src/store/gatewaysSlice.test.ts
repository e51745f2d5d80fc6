// @vitest-environment node
import { get, keys } from 'idb-keyval'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createIdentity, gatewayAddress } from '../gateway'
import { FakeGateway } from '../gateway/testing/fakeGateway'
import { addToOutbox, loadCachedHistory, saveCachedHistory, saveDraft } from './chatStorage'
import { clearAllDatabases, connectOperator, createTestStore, gatewayRecord, MAIN_SESSION, outboxEntry, rawDbs, settle, until } from './testing/storeTestkit'
import { createGatewayVault, saveInitialSecrets } from './vaultStorage'

const gateways: FakeGateway[] = []
const disposers: Array<() => void> = []

beforeEach(clearAllDatabases)

afterEach(async () => {
  vi.useRealTimers()
  for (const dispose of disposers.splice(0)) dispose()
  await Promise.all(gateways.splice(0).map((gateway) => gateway.close()))
})

async function fakeGateway(): Promise<FakeGateway> {
  const gateway = await FakeGateway.start()
  gateways.push(gateway)
  return gateway
}

function testStore() {
  const created = createTestStore()
  disposers.push(created.dispose)
  return created
}

const historyOf = (id: string) => ({
  messages: [
    { role: 'user', content: `hello ${id}`, idempotencyKey: `${id}-k0:user`, __openclaw: { id: `${id}-u`, seq: 1 } },
    { role: 'assistant', content: [{ type: 'text', text: `Echo: hello ${id}` }], __openclaw: { runId: `${id}-k0`, id: `${id}-a`, seq: 2 } },
  ],
})

describe('forgetGateway', () => {
  it('removes the record, vault, outbox, draft and cache of that gateway only, and clears its state', async () => {
    const { store, preferences } = testStore()
    const gatewayA = await fakeGateway()
    const gatewayB = await fakeGateway()
    const sessions = [{ key: MAIN_SESSION, updatedAt: 10, isMain: true, hasActiveRun: false }]
    const connectionA = await connectOperator(store, gatewayA, 'A', { sessions, history: historyOf('A') })
    await connectOperator(store, gatewayB, 'B', { sessions, history: historyOf('B') })
    for (const id of ['A', 'B']) {
      await addToOutbox(id, outboxEntry(`${id}-stuck`, { state: 'failed', error: 'refused' }))
      await saveDraft(id, `draft ${id}`)
      await saveCachedHistory(id, 'agent:main:dashboard:1', [{ id: `${id}-d`, role: 'user', text: 'x' }])
    }
    store.getState().rememberSession('A', MAIN_SESSION)
    store.getState().selectGateway('A')
    expect(store.getState().chats.A?.history).toHaveLength(2)
    expect(store.getState().sessions.A).toHaveLength(1)
    expect(await get('A', rawDbs.identities)).toBeDefined()

    await store.getState().forgetGateway('A')

    // State: gone for A, untouched for B, and B becomes the active gateway.
    const state = store.getState()
    expect(state.gateways.map((gateway) => gateway.id)).toEqual(['B'])
    expect(state.activeGatewayId).toBe('B')
    expect(preferences.activeGatewayId()).toBe('B')
    expect(preferences.lastSession('A')).toBeNull()
    expect(Object.keys(state.statuses)).toEqual(['B'])
    expect(Object.keys(state.chats)).toEqual(['B'])
    expect(Object.keys(state.sessions)).toEqual(['B'])
    expect(state.clientFor('A')).toBeUndefined()
    expect(state.statuses.B?.phase).toBe('connected')
    expect((await connectionA.closed).code).toBe(1000)

    // IndexedDB: nothing of A is left anywhere; everything of B is.
    await settle()
    expect(await keys(rawDbs.gateways)).toEqual(['B'])
    expect(await keys(rawDbs.secrets)).toEqual(['B'])
    expect(await keys(rawDbs.identities)).toEqual(['B'])
    expect(await keys(rawDbs.outbox)).toEqual(['B'])
    expect(await keys(rawDbs.drafts)).toEqual(['B'])
    const cached = (await keys(rawDbs.history)).map(String)
    expect(cached.filter((key) => key.startsWith('A'))).toEqual([])
    expect((await loadCachedHistory('B', MAIN_SESSION)).map((m) => m.id)).toEqual(['B-u', 'B-a'])
    expect((await loadCachedHistory('B', 'agent:main:dashboard:1')).map((m) => m.id)).toEqual(['B-d'])
    expect((await createGatewayVault('B').loadCredentials()).shared).toEqual({ token: 'shared-token', addresses: [gatewayAddress(gatewayB.url)] })
  })

  it('leaves no active gateway when the last one is forgotten', async () => {
    const { store, preferences } = testStore()
    const gateway = await fakeGateway()
    await saveInitialSecrets('only', { shared: { token: 't', addresses: [gatewayAddress(gateway.url)] } })
    await createGatewayVault('only').saveIdentity(await createIdentity())
    await store.getState().addGateway(gatewayRecord('only', gateway.url))
    await store.getState().forgetGateway('only')
    expect(store.getState()).toMatchObject({ gateways: [], activeGatewayId: null })
    expect(preferences.activeGatewayId()).toBeNull()
    expect(await keys(rawDbs.gateways)).toEqual([])
    expect(await keys(rawDbs.secrets)).toEqual([])
    expect(await keys(rawDbs.identities)).toEqual([])
  })

  it('does not write back a draft typed just before the gateway was forgotten', async () => {
    // The draft is saved on a debounce timer; only the global setTimeout is faked, IndexedDB runs for real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { store } = testStore()
    const gateway = await fakeGateway()
    await store.getState().addGateway(gatewayRecord('A', gateway.url))
    store.getState().setDraft('A', 'half-typed secret plan')
    await store.getState().forgetGateway('A')
    expect(await get('A', rawDbs.drafts)).toBeUndefined()

    await vi.advanceTimersByTimeAsync(5_000)
    await settle()
    expect(await get('A', rawDbs.drafts)).toBeUndefined()
  })
})

describe('boot', () => {
  it('restores saved gateways oldest first, starts a client for each and reopens the remembered one', async () => {
    const gatewayA = await fakeGateway()
    const gatewayB = await fakeGateway()
    const first = testStore()
    await first.store.getState().addGateway(gatewayRecord('A', gatewayA.url, { createdAtMs: 1 }))
    await first.store.getState().addGateway(gatewayRecord('B', gatewayB.url, { createdAtMs: 2 }))
    first.store.getState().selectGateway('A')
    await gatewayA.connection(0)
    await gatewayB.connection(0)
    first.dispose()

    const { store, preferences } = testStore()
    preferences.setActiveGatewayId('A')
    await store.getState().boot()
    expect(store.getState()).toMatchObject({ isReady: true, activeGatewayId: 'A' })
    expect(store.getState().gateways.map((gateway) => gateway.id)).toEqual(['A', 'B'])
    // Each gateway got a fresh connection from the new store (index 1: index 0 was the first store's).
    await gatewayA.connection(1)
    await gatewayB.connection(1)
    await until(() => expect(store.getState().clientFor('A')?.status.phase).toBe('connecting'))
  })
})
