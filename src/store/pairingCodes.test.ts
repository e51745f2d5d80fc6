// @vitest-environment node
/**
 * The pairing flow with every form of code (src/pairing/everyCode.test.ts has the parsing): a deep link
 * pairs like "Enter manually", a code's fallback addresses are tried in order and the one that answered
 * is remembered, a certificate pin reaches the confirm screen, and a join link never opens anything.
 */
import { get } from 'idb-keyval'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FakeGateway } from '../gateway/testing/fakeGateway'
import { encodeSetupCode } from '../pairing'
import { createGatewayVault } from './vaultStorage'
import { allKeys, clearAllDatabases, createTestStore, NOTHING_STORED, rawDbs, settle } from './testing/storeTestkit'

const BOOTSTRAP = 'BootstrapToken_0123456789abcdef'
const FINGERPRINT = '0f'.repeat(32)

let gateways: FakeGateway[] = []
let dispose: (() => void) | undefined

beforeEach(clearAllDatabases)
afterEach(async () => {
  dispose?.()
  dispose = undefined
  for (const gateway of gateways) await gateway.close()
  gateways = []
})

function testStore(overrides: Parameters<typeof createTestStore>[0] = {}) {
  const created = createTestStore(overrides)
  dispose = created.dispose
  return created
}

async function deadUrl(): Promise<string> {
  const dead = await FakeGateway.start()
  const { url } = dead
  await dead.close()
  return url
}

describe('an openclaw://gateway deep link', () => {
  it('goes to the confirm step with its address and the shared token, as "Enter manually" does, and stores nothing', async () => {
    const { store } = testStore()
    store.getState().openOnboarding({ method: 'paste' })
    await store.getState().submitSetupText('openclaw://gateway?host=127.0.0.1&port=18789&tls=0&token=shared-token', 'paste')
    expect(store.getState().onboarding).toMatchObject({
      step: 'confirm',
      draft: { source: 'paste', urls: ['ws://127.0.0.1:18789'], shared: { token: 'shared-token' }, role: 'operator' },
    })
    const state = store.getState().onboarding
    expect(state.step === 'confirm' && state.draft.bootstrap).toBeUndefined()
    await settle()
    expect(await allKeys()).toEqual(NOTHING_STORED)
  })

  it('pairs with the shared token bound to the link’s address', async () => {
    const gateway = await FakeGateway.start()
    gateways.push(gateway)
    const { port } = new URL(gateway.url)
    const { store } = testStore()
    store.getState().openOnboarding({ method: 'scan' })
    await store.getState().submitSetupText(`openclaw://gateway?host=127.0.0.1&port=${port}&token=shared-token`, 'scan')
    const confirming = store.getState().confirmPairing({ deviceName: 'Phone', role: 'operator' })
    ;(await gateway.connection(0)).challenge()
    await confirming
    const id = 'id-1'
    expect(await get(id, rawDbs.gateways)).toMatchObject({ url: `ws://127.0.0.1:${port}` })
    expect((await createGatewayVault(id).loadCredentials()).shared).toMatchObject({ token: 'shared-token' })
  })
})

describe('a setup code with fallback addresses', () => {
  it('tries them in order and remembers the one that answered first in the saved gateway', async () => {
    const gateway = await FakeGateway.start()
    gateways.push(gateway)
    const dead = await deadUrl()
    const { store } = testStore()
    store.getState().openOnboarding({ method: 'scan' })
    await store.getState().submitSetupText(encodeSetupCode({ url: dead, urls: [gateway.url], bootstrapToken: BOOTSTRAP }), 'scan')
    const confirming = store.getState().confirmPairing({ deviceName: 'Phone', role: 'operator' })
    ;(await gateway.connection(0)).challenge()
    await confirming
    expect(await get('id-1', rawDbs.gateways)).toMatchObject({ url: gateway.url, candidateUrls: [gateway.url, dead] })
    expect(store.getState().lastProbeUrl).toBe(gateway.url)
    // The saved gateway's first connection goes to the address that answered, not to the code's first one.
    await expect(gateway.connection(1)).resolves.toBeDefined()
  })
})

describe('a setup code with a certificate fingerprint', () => {
  it('carries the normalised fingerprint to the confirm step', async () => {
    const { store } = testStore()
    store.getState().openOnboarding({ method: 'paste' })
    const code = Buffer.from(
      JSON.stringify({ url: 'wss://gw.example.com', bootstrapToken: BOOTSTRAP, tlsFingerprint: `SHA256:${FINGERPRINT.toUpperCase()}` }),
    ).toString('base64url')
    await store.getState().submitSetupText(code, 'paste')
    expect(store.getState().onboarding).toMatchObject({ step: 'confirm', draft: { urls: ['wss://gw.example.com'], tlsFingerprint: FINGERPRINT } })
  })
})

describe('a join link', () => {
  it('says what it is, opens no socket and stores nothing', async () => {
    const opened: string[] = []
    const { store } = testStore({
      socketFactory: (url) => {
        opened.push(url)
        throw new Error('no socket expected')
      },
    })
    store.getState().openOnboarding({ method: 'scan' })
    await store.getState().submitSetupText('https://gateway.example/j/Q2hhbmdlTWVfMTI4Yml0cw', 'scan')
    expect(store.getState().onboarding).toMatchObject({ step: 'choose', error: { code: 'join_link', params: { variant: 'url' } } })
    await settle()
    expect(opened).toEqual([])
    expect(await allKeys()).toEqual(NOTHING_STORED)
  })
})
