// @vitest-environment node
/**
 * Issue 19, item 1 in the store: a code for another gateway is never merged into a saved one. Gateway
 * A paired (its device token and a queued message stored), then "Add Node role" on A with gateway
 * B's code: whatever the user picks, and after a reload, nothing of A reaches B. Plus the decision
 * rule and the binding of secrets stored before secrets carried their address.
 */
import { get, set } from 'idb-keyval'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { gatewayAddress } from '../gateway'
import { FakeGateway } from '../gateway/testing/fakeGateway'
import { encodeSetupCode } from '../pairing'
import { addToOutbox } from './chatStorage'
import { decideCodeTarget } from './codeTarget'
import { clearAllDatabases, connectOperator, createTestStore, gatewayRecord, outboxEntry, rawDbs, settle, until } from './testing/storeTestkit'
import { createGatewayVault } from './vaultStorage'

const TOKEN_OF_A = 'device-token-issued-by-A'
const QUEUED_FOR_A = 'a message queued for A only'
const CODE_OF_B = 'BootstrapTokenOfB_0123456789abcdef'
const scopes = ['operator.read', 'operator.write']
/** A's record as pairing left it: nothing about it may change. */
const pairedRecordA = () => ({ ...gatewayRecord('A', a.url), pairedAtMs: expect.any(Number) })

let a: FakeGateway
let b: FakeGateway
const disposers: Array<() => void> = []

beforeEach(async () => {
  await clearAllDatabases()
  a = await FakeGateway.start()
  b = await FakeGateway.start()
})

afterEach(async () => {
  for (const dispose of disposers.splice(0)) dispose()
  await Promise.all([a.close(), b.close()])
})

function testStore() {
  const created = createTestStore()
  disposers.push(created.dispose)
  return created
}

/** Every frame B received, on every socket the app opened to it. */
const everythingBReceived = () => b.connections.flatMap((connection) => connection.raw).join('\n')

async function pairedA() {
  const { store } = testStore()
  await connectOperator(store, a, 'A', { hello: { auth: { method: 'token', role: 'operator', scopes, deviceToken: TOKEN_OF_A } } })
  await addToOutbox('A', outboxEntry('queued-1', { text: QUEUED_FOR_A, state: 'failed' }))
  store.getState().openOnboarding({ targetGatewayId: 'A', addRole: 'node' })
  await store.getState().submitSetupText(encodeSetupCode({ url: b.url, bootstrapToken: CODE_OF_B, expiresAtMs: Date.now() + 600_000 }), 'paste')
  return store
}

describe('a code for another gateway', () => {
  it('is shown as a different gateway, and by default becomes a gateway of its own; after a reload B still has nothing of A', async () => {
    const store = await pairedA()
    expect(store.getState().onboarding).toMatchObject({ step: 'confirm', draft: { differentGateway: true, targetGatewayId: 'A', role: 'node' } })

    const confirming = store.getState().confirmPairing({ deviceName: 'Phone', role: 'node' })
    ;(await b.connection(0)).challenge() // the probe
    await confirming
    const recordA = store.getState().gateways.find((gateway) => gateway.id === 'A')
    expect(recordA).toEqual(pairedRecordA())
    expect(store.getState().gateways.find((gateway) => gateway.id !== 'A')).toMatchObject({ id: 'id-1', url: b.url, role: 'node' })
    const nodeConnect = await (await b.connection(1)).handshake({
      auth: { method: 'bootstrap-token', role: 'node', scopes: [], deviceToken: 'node-token-of-B' },
    })
    expect(nodeConnect.params.auth).toEqual({ bootstrapToken: CODE_OF_B })
    await until(() => expect(store.getState().statuses['id-1']?.phase).toBe('connected'))
    expect((await createGatewayVault('A').loadCredentials()).deviceTokens.operator).toMatchObject({ token: TOKEN_OF_A, address: gatewayAddress(a.url) })
    expect((await createGatewayVault('id-1').loadCredentials()).deviceTokens.node).toMatchObject({ address: gatewayAddress(b.url) })
    expect((await createGatewayVault('A').loadIdentity())?.deviceId).not.toBe(nodeConnect.params.device.id)

    // Reload: a fresh store boots from IndexedDB and starts every saved gateway.
    for (const dispose of disposers.splice(0)) dispose()
    const { store: reloaded } = testStore()
    await reloaded.getState().boot()
    const againB = await b.connection(2)
    againB.challenge()
    expect((await againB.connectRequest()).params.auth).toEqual({ deviceToken: 'node-token-of-B' })
    const againA = await a.connection(1)
    againA.challenge()
    expect((await againA.connectRequest()).params.auth).toEqual({ deviceToken: TOKEN_OF_A })
    await settle()
    expect(everythingBReceived()).not.toContain(TOKEN_OF_A)
    expect(everythingBReceived()).not.toContain(QUEUED_FOR_A)
  })

  it('"Same gateway, new address": B cannot prove it is A, so nothing of A moves and nothing of A was sent', async () => {
    const store = await pairedA()
    const confirming = store.getState().confirmPairing({ deviceName: 'Phone', role: 'node', sameGatewayNewAddress: true })
    ;(await b.connection(0)).challenge() // the probe
    const proof = await b.connection(1)
    const proofConnect = await proof.refuse({
      code: 'NOT_PAIRED',
      message: 'pairing required',
      details: { code: 'PAIRING_REQUIRED', reason: 'not-paired', requestId: 'req-b' },
    })
    await confirming
    expect(proofConnect.params.auth).toEqual({ bootstrapToken: CODE_OF_B })
    expect(store.getState().onboarding).toMatchObject({ step: 'confirm', error: { code: 'not_same_gateway' } })
    expect(store.getState().gateways).toEqual([pairedRecordA()])
    expect(await get('A', rawDbs.gateways)).toEqual(pairedRecordA())
    expect((await createGatewayVault('A').loadCredentials()).deviceTokens.operator).toMatchObject({ token: TOKEN_OF_A, address: gatewayAddress(a.url) })
    expect((await createGatewayVault('A').loadCredentials()).bootstrap).toBeUndefined()
    await settle()
    expect(b.count).toBe(2)
    expect(everythingBReceived()).not.toContain(TOKEN_OF_A)
    expect(everythingBReceived()).not.toContain(QUEUED_FOR_A)
  })

  it('"Same gateway, new address": a gateway that hands back the token A issued is A; its tokens move to the new address', async () => {
    const store = await pairedA()
    const confirming = store.getState().confirmPairing({ deviceName: 'Phone', role: 'node', sameGatewayNewAddress: true })
    ;(await b.connection(0)).challenge()
    const proofConnect = await (await b.connection(1)).handshake({ auth: { method: 'bootstrap-token', role: 'operator', scopes, deviceToken: TOKEN_OF_A } })
    expect(proofConnect.params.auth).toEqual({ bootstrapToken: CODE_OF_B })
    await confirming
    await until(() => expect(store.getState().onboarding.step).toBe('closed'))
    expect(store.getState().gateways).toEqual([
      expect.objectContaining({ id: 'A', url: b.url, candidateUrls: [b.url, a.url], role: 'operator', roles: ['operator', 'node'], setupCodeRole: 'node' }),
    ])
    expect((await createGatewayVault('A').loadCredentials()).deviceTokens.operator).toMatchObject({ token: TOKEN_OF_A, address: gatewayAddress(b.url) })
    // Only now, proven, does A's token go to the new address (and the node role pairs there with B's code).
    const connects = []
    for (const index of [2, 3]) {
      const connection = await b.connection(index)
      connection.challenge()
      connects.push((await connection.connectRequest()).params)
    }
    expect(Object.fromEntries(connects.map((params) => [params.role, params.auth]))).toEqual({
      operator: { deviceToken: TOKEN_OF_A },
      node: { bootstrapToken: CODE_OF_B },
    })
  })
})

describe('decideCodeTarget', () => {
  const record = gatewayRecord('A', 'ws://127.0.0.1:18789', { candidateUrls: ['ws://127.0.0.1:18789', 'wss://a.tailnet.ts.net'] })

  it('is the same gateway when the code names an address it is known by, and pairs over those addresses only', () => {
    expect(decideCodeTarget(record, ['ws://127.0.0.1:18789/'])).toEqual({ kind: 'same', urls: ['ws://127.0.0.1:18789/'] })
    expect(decideCodeTarget(record, ['ws://192.168.1.9:18789', 'wss://a.tailnet.ts.net'])).toEqual({ kind: 'same', urls: ['wss://a.tailnet.ts.net'] })
  })

  it('is a different gateway when none of the code’s addresses is known, however close', () => {
    for (const url of ['ws://localhost:18789', 'ws://127.0.0.1:18790', 'wss://127.0.0.1:18789', 'wss://b.tailnet.ts.net']) {
      expect(decideCodeTarget(record, [url])).toEqual({ kind: 'different' })
    }
  })
})

describe('secrets stored before they carried an address', () => {
  it('are bound at start-up to the address their gateway connects to, once: a later address change does not carry them along', async () => {
    await set('A', gatewayRecord('A', a.url), rawDbs.gateways)
    await set('A', { v: 1, deviceTokens: { operator: { token: TOKEN_OF_A, scopes, savedAtMs: 1 } }, shared: { token: 'typed' } }, rawDbs.secrets)
    const { store } = testStore()
    await store.getState().boot()
    const credentials = await createGatewayVault('A').loadCredentials()
    expect(credentials.deviceTokens.operator?.address).toBe(gatewayAddress(a.url))
    expect(credentials.shared).toEqual({ token: 'typed', addresses: [gatewayAddress(a.url)] })
    const connection = await a.connection(0)
    connection.challenge()
    expect((await connection.connectRequest()).params.auth).toEqual({ deviceToken: TOKEN_OF_A })

    // The record pointed elsewhere (as today's "Add Node role" left it): the token stays bound to A.
    for (const dispose of disposers.splice(0)) dispose()
    await set('A', gatewayRecord('A', b.url), rawDbs.gateways)
    const { store: again } = testStore()
    await again.getState().boot()
    const atB = await b.connection(0)
    atB.challenge()
    await until(() => expect(again.getState().statuses.A).toMatchObject({ phase: 'needs-user', problem: { kind: 'no-credentials' } }))
    expect(everythingBReceived()).not.toContain(TOKEN_OF_A)
  })
})
