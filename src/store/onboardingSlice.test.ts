// @vitest-environment node
import { get } from 'idb-keyval'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FakeGateway } from '../gateway/testing/fakeGateway'
import { gatewayAddress } from '../gateway'
import { encodeSetupCode } from '../pairing'
import { createGatewayVault } from './vaultStorage'
import { allKeys, clearAllDatabases, createTestStore, NOTHING_STORED, rawDbs, settle, until } from './testing/storeTestkit'

const BOOTSTRAP = 'BootstrapToken_0123456789abcdef'

let gateway: FakeGateway | undefined
let dispose: (() => void) | undefined

beforeEach(clearAllDatabases)

afterEach(async () => {
  dispose?.()
  dispose = undefined
  await gateway?.close()
  gateway = undefined
})

function testStore() {
  const created = createTestStore()
  dispose = created.dispose
  return created
}

describe('setup code', () => {
  it('goes to the confirm step with the code’s URLs and token, and writes nothing to IndexedDB', async () => {
    const { store } = testStore()
    const expiresAtMs = Date.now() + 10 * 60_000
    const code = encodeSetupCode({ url: 'ws://127.0.0.1:18789', urls: ['ws://192.168.1.20:18789'], bootstrapToken: BOOTSTRAP, expiresAtMs })
    store.getState().openOnboarding({ method: 'paste' })
    await store.getState().submitSetupText(`  ${code}\n`, 'paste')

    expect(store.getState().onboarding).toEqual({
      step: 'confirm',
      draft: {
        source: 'paste',
        urls: ['ws://127.0.0.1:18789', 'ws://192.168.1.20:18789'],
        bootstrap: { token: BOOTSTRAP, expiresAtMs },
        deviceName: 'Chrome on Linux',
        role: 'operator',
        targetGatewayId: undefined,
      },
    })
    await settle()
    expect(await allKeys()).toEqual(NOTHING_STORED)
    expect(store.getState().gateways).toEqual([])
  })

  it.each([
    ['text with characters no code has', 'pair me please!', 'not_setup_code'],
    ['a gateway address instead of a code', 'https://gateway.example.com', 'not_setup_code'],
    ['a code for plain ws:// to a public host', encodeSetupCode({ url: 'ws://gateway.example.com:18789', bootstrapToken: BOOTSTRAP }), 'insecure_public'],
    ['an expired code', encodeSetupCode({ url: 'ws://127.0.0.1:18789', bootstrapToken: BOOTSTRAP, expiresAtMs: Date.now() - 1_000 }), 'expired'],
    ['a code with a malformed token', encodeSetupCode({ url: 'ws://127.0.0.1:18789', bootstrapToken: 'short' }), 'bad_token'],
  ])('shows the specific error for %s and writes nothing', async (_, text, code) => {
    const { store } = testStore()
    store.getState().openOnboarding({ method: 'paste' })
    await store.getState().submitSetupText(text, 'paste')
    const state = store.getState().onboarding
    expect(state).toMatchObject({ step: 'choose', method: 'paste', error: { code } })
    if (state.step === 'choose') expect(state.error?.message).toEqual(expect.any(String))
    await settle()
    expect(await allKeys()).toEqual(NOTHING_STORED)
  })
})

describe('manual address', () => {
  it('refuses an http:// address with bad_scheme', async () => {
    const { store } = testStore()
    store.getState().openOnboarding({ method: 'manual' })
    await store.getState().submitManual({ url: 'http://gateway.local:18789', token: 'tok' })
    expect(store.getState().onboarding).toMatchObject({ step: 'choose', method: 'manual', error: { code: 'bad_scheme' } })
    await settle()
    expect(await allKeys()).toEqual(NOTHING_STORED)
  })

  it('tries a wss:// address with its port first, then without it', async () => {
    const { store } = testStore()
    store.getState().openOnboarding({ method: 'manual' })
    await store.getState().submitManual({ url: 'wss://gateway.tail1234.ts.net:18789', token: '  the-token  ' })
    expect(store.getState().onboarding).toMatchObject({
      step: 'confirm',
      draft: {
        source: 'manual',
        urls: ['wss://gateway.tail1234.ts.net:18789', 'wss://gateway.tail1234.ts.net'],
        shared: { token: 'the-token' },
        role: 'operator',
      },
    })
    await settle()
    expect(await allKeys()).toEqual(NOTHING_STORED)
  })

  it('tries a ws:// address only as typed', async () => {
    const { store } = testStore()
    store.getState().openOnboarding({ method: 'manual' })
    await store.getState().submitManual({ url: 'ws://127.0.0.1:18789', password: 'pw' })
    expect(store.getState().onboarding).toMatchObject({ step: 'confirm', draft: { urls: ['ws://127.0.0.1:18789'], shared: { password: 'pw' } } })
  })

  it('asks for a token or password when neither was given', async () => {
    const { store } = testStore()
    store.getState().openOnboarding({ method: 'manual' })
    await store.getState().submitManual({ url: 'wss://gateway.example.com', token: '   ' })
    expect(store.getState().onboarding).toMatchObject({ step: 'choose', error: { code: 'missing_secret' } })
  })
})

describe('confirmPairing', () => {
  it('probes, saves the record in the chosen role with the bootstrap token, and connects in that role', async () => {
    gateway = await FakeGateway.start()
    const { store, preferences } = testStore()
    const expiresAtMs = Date.now() + 10 * 60_000
    store.getState().openOnboarding({ method: 'scan' })
    await store.getState().submitSetupText(encodeSetupCode({ url: gateway.url, bootstrapToken: BOOTSTRAP, expiresAtMs }), 'scan')

    const confirming = store.getState().confirmPairing({ deviceName: '  Kitchen tablet  ', role: 'node' })
    expect(store.getState().onboarding.step).toBe('probing')
    // The probe only needs the gateway's first frame; nothing is written before it answers.
    const probe = await gateway.connection(0)
    expect(await allKeys()).toEqual(NOTHING_STORED)
    probe.challenge()
    await confirming

    const id = 'id-1'
    expect(await get(id, rawDbs.gateways)).toEqual({
      v: 1,
      id,
      url: gateway.url,
      candidateUrls: [gateway.url],
      label: new URL(gateway.url).host,
      deviceName: 'Kitchen tablet',
      role: 'node',
      createdAtMs: expect.any(Number),
    })
    expect((await createGatewayVault(id).loadCredentials()).bootstrap).toEqual({ token: BOOTSTRAP, expiresAtMs, addresses: [gatewayAddress(gateway.url)] })
    expect(store.getState()).toMatchObject({ onboarding: { step: 'closed' }, activeGatewayId: id })
    expect(preferences.activeGatewayId()).toBe(id)

    const link = await gateway.connection(1)
    const connect = await link.handshake({ auth: { method: 'bootstrap-token', role: 'node', scopes: [], deviceToken: 'node-device-token' } })
    expect(connect.params.role).toBe('node')
    expect(connect.params.scopes).toEqual([])
    expect(connect.params.auth).toEqual({ bootstrapToken: BOOTSTRAP })
    expect(connect.params.client.displayName).toBe('Kitchen tablet')

    await until(() => expect(store.getState().statuses[id]?.phase).toBe('connected'))
    // The device token lands under the node role; the used bootstrap token is retired.
    const vault = createGatewayVault(id)
    const credentials = await vault.loadCredentials()
    expect(credentials.deviceTokens).toEqual({ node: expect.objectContaining({ token: 'node-device-token' }) })
    expect(credentials.bootstrap).toBeUndefined()
    expect((await vault.loadIdentity())?.deviceId).toBe(connect.params.device.id)
  })

  it('stays on the confirm step with "unreachable" and writes nothing when no gateway answers', async () => {
    const dead = await FakeGateway.start()
    const url = dead.url
    await dead.close()
    const { store } = testStore()
    store.getState().openOnboarding({ method: 'paste' })
    await store.getState().submitSetupText(encodeSetupCode({ url, bootstrapToken: BOOTSTRAP }), 'paste')
    await store.getState().confirmPairing({ deviceName: 'Phone', role: 'operator' })
    expect(store.getState().onboarding).toMatchObject({ step: 'confirm', error: { code: 'unreachable' } })
    expect(await allKeys()).toEqual(NOTHING_STORED)
  })
})
