// @vitest-environment node
import { get, set } from 'idb-keyval'
import { beforeEach, describe, expect, it } from 'vitest'
import { createIdentity, identityFromStored, type DeviceTokenRecord } from '../gateway'
import { nobleIdentityFromSeed } from '../gateway/identity'
import { clearAllDatabases, collectDiagnostics, loadCollectingDiagnostics, quarantined, rawDbs } from './testing/storeTestkit'
import { createGatewayVault, forgetVault, saveInitialSecrets } from './vaultStorage'

const token = (value: string, scopes: string[] = ['operator.read']): DeviceTokenRecord => ({ token: value, scopes, savedAtMs: 5 })

beforeEach(clearAllDatabases)

describe('identity', () => {
  it('keeps a non-extractable WebCrypto Ed25519 key pair usable across a fresh vault instance', async () => {
    const created = await createIdentity()
    if (created.kind !== 'webcrypto') throw new Error('this Node has no WebCrypto Ed25519')
    await createGatewayVault('gw-1').saveIdentity(created)

    const loaded = await createGatewayVault('gw-1').loadIdentity()
    if (loaded?.kind !== 'webcrypto') throw new Error(`expected a webcrypto identity, got ${loaded?.kind}`)
    expect(loaded).toMatchObject({ v: 1, deviceId: created.deviceId, publicKey: created.publicKey, createdAtMs: created.createdAtMs })
    expect(loaded.keyPair.privateKey).toBeInstanceOf(CryptoKey)
    expect(loaded.keyPair.privateKey.extractable).toBe(false)
    await expect(crypto.subtle.exportKey('pkcs8', loaded.keyPair.privateKey)).rejects.toThrow()

    // The stored key still signs, and the signature verifies against the stored public key.
    const signature = await identityFromStored(loaded).sign('v3|payload')
    const bytes = Uint8Array.from(atob(signature.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))
    expect(await crypto.subtle.verify({ name: 'Ed25519' }, loaded.keyPair.publicKey, bytes, new TextEncoder().encode('v3|payload'))).toBe(true)
  })

  it('keeps the fallback (noble) identity seed as bytes', async () => {
    const seed = Uint8Array.from({ length: 32 }, (_, i) => i)
    const created = await nobleIdentityFromSeed(seed)
    await createGatewayVault('gw-1').saveIdentity(created)
    const loaded = await createGatewayVault('gw-1').loadIdentity()
    if (loaded?.kind !== 'noble') throw new Error(`expected a noble identity, got ${loaded?.kind}`)
    expect(Array.from(loaded.seed)).toEqual(Array.from(seed))
    expect(loaded.deviceId).toBe(created.deviceId)
  })

  it('has no identity for a gateway it never saw', async () => {
    expect(await createGatewayVault('never-seen').loadIdentity()).toBeNull()
  })
})

describe('device tokens', () => {
  it('keeps one token per role: saving operator never touches node, and vice versa', async () => {
    const vault = createGatewayVault('gw-1')
    await vault.saveDeviceToken('operator', token('op-1'))
    await vault.saveDeviceToken('node', token('node-1', []))
    await vault.saveDeviceToken('operator', token('op-2'))
    expect((await vault.loadCredentials()).deviceTokens).toEqual({ operator: token('op-2'), node: token('node-1', []) })

    await vault.saveDeviceToken('node', token('node-2', []))
    expect((await vault.loadCredentials()).deviceTokens).toEqual({ operator: token('op-2'), node: token('node-2', []) })
  })

  it('keeps both roles when they are saved at the same moment', async () => {
    const vault = createGatewayVault('gw-1')
    await Promise.all([vault.saveDeviceToken('operator', token('op')), vault.saveDeviceToken('node', token('node', []))])
    expect((await createGatewayVault('gw-1').loadCredentials()).deviceTokens).toEqual({ operator: token('op'), node: token('node', []) })
  })

  it('deletes only the role it is asked to', async () => {
    const vault = createGatewayVault('gw-1')
    await vault.saveDeviceToken('operator', token('op'))
    await vault.saveDeviceToken('node', token('node', []))
    await vault.deleteDeviceToken('node')
    expect((await vault.loadCredentials()).deviceTokens).toEqual({ operator: token('op') })
  })

  it('keeps each gateway’s tokens apart', async () => {
    await createGatewayVault('gw-1').saveDeviceToken('operator', token('one'))
    await createGatewayVault('gw-2').saveDeviceToken('operator', token('two'))
    expect((await createGatewayVault('gw-1').loadCredentials()).deviceTokens.operator?.token).toBe('one')
    expect((await createGatewayVault('gw-2').loadCredentials()).deviceTokens.operator?.token).toBe('two')
  })
})

describe('initial secrets and the bootstrap token', () => {
  it('starts empty for an unknown gateway', async () => {
    const credentials = await createGatewayVault('gw-new').loadCredentials()
    expect(credentials.deviceTokens).toEqual({})
    expect(credentials.bootstrap).toBeUndefined()
    expect(credentials.shared).toBeUndefined()
  })

  it('deleteBootstrapToken drops the bootstrap token and keeps the device tokens and shared secret', async () => {
    await saveInitialSecrets('gw-1', { bootstrap: { token: 'boot-token-123456', expiresAtMs: 99 }, shared: { token: 'shared' } })
    const vault = createGatewayVault('gw-1')
    await vault.saveDeviceToken('operator', token('op'))
    await vault.saveDeviceToken('node', token('node', []))
    await vault.deleteBootstrapToken()
    const credentials = await vault.loadCredentials()
    expect(credentials.bootstrap).toBeUndefined()
    expect(credentials.shared).toEqual({ token: 'shared' })
    expect(credentials.deviceTokens).toEqual({ operator: token('op'), node: token('node', []) })
  })

  it('saveInitialSecrets merges into what is stored instead of replacing it', async () => {
    const vault = createGatewayVault('gw-1')
    await vault.saveDeviceToken('operator', token('op'))
    await saveInitialSecrets('gw-1', { bootstrap: { token: 'boot-token-123456' } })
    await saveInitialSecrets('gw-1', { shared: { password: 'hunter2' } })
    const credentials = await vault.loadCredentials()
    expect(credentials.deviceTokens).toEqual({ operator: token('op') })
    expect(credentials.bootstrap).toEqual({ token: 'boot-token-123456' })
    expect(credentials.shared).toEqual({ password: 'hunter2' })
  })
})

describe('malformed records', () => {
  const SECRET = 'device-token-SECRET-4f1c9a'
  const BOOT = 'bootstrap-SECRET-77ab02'

  it('keeps aside a secrets record that does not parse, reports it without the token, and treats it as absent', async () => {
    await set(
      'gw-bad',
      { v: 1, deviceTokens: { operator: { token: SECRET, scopes: 'operator.read', savedAtMs: 1 } }, bootstrap: { token: BOOT } },
      rawDbs.secrets,
    )
    const diagnostics = collectDiagnostics()
    try {
      const credentials = await createGatewayVault('gw-bad').loadCredentials()
      expect(credentials.deviceTokens).toEqual({})
      expect(credentials.bootstrap).toBeUndefined()
      expect(credentials.shared).toBeUndefined()
    } finally {
      diagnostics.stop()
    }
    expect(diagnostics.list).toHaveLength(1)
    expect(diagnostics.list[0]).toMatchObject({ kind: 'quarantined-record', record: 'secrets' })
    expect(diagnostics.list[0]?.issues.some((issue) => issue.startsWith('deviceTokens.operator.scopes'))).toBe(true)
    expect(JSON.stringify(diagnostics.list)).not.toContain(SECRET)
    expect(JSON.stringify(diagnostics.list)).not.toContain(BOOT)
    expect(await get('gw-bad', rawDbs.secrets)).toBeUndefined()
    // Kept aside, not deleted: the token is still on the device (in the quarantine), and Forget removes it.
    expect(await quarantined()).toEqual([expect.objectContaining({ record: 'secrets', gatewayId: 'gw-bad' })])
  })

  it('drops a secrets record of another version, never echoing its tokens', async () => {
    await set('gw-v2', { v: 2, deviceTokens: { node: { token: SECRET, scopes: [], savedAtMs: 1 } }, shared: { token: BOOT } }, rawDbs.secrets)
    const diagnostics = collectDiagnostics()
    try {
      expect((await createGatewayVault('gw-v2').loadCredentials()).deviceTokens).toEqual({})
    } finally {
      diagnostics.stop()
    }
    expect(diagnostics.list.map((d) => d.record)).toEqual(['secrets'])
    expect(diagnostics.list[0]?.issues.join('\n')).toMatch(/^v: /m)
    expect(JSON.stringify(diagnostics.list)).not.toContain(SECRET)
    expect(JSON.stringify(diagnostics.list)).not.toContain(BOOT)
  })

  it('keeps aside an identity record whose keys are not CryptoKeys, reports it, and treats it as absent', async () => {
    const garbage = {
      v: 1,
      kind: 'webcrypto',
      deviceId: 'a'.repeat(64),
      publicKey: 'pk',
      keyPair: { publicKey: {}, privateKey: { secret: SECRET } },
      createdAtMs: 1,
    }
    await set('gw-bad', garbage, rawDbs.identities)
    const diagnostics = collectDiagnostics()
    try {
      expect(await createGatewayVault('gw-bad').loadIdentity()).toBeNull()
    } finally {
      diagnostics.stop()
    }
    expect(diagnostics.list).toHaveLength(1)
    expect(diagnostics.list[0]).toMatchObject({ kind: 'quarantined-record', record: 'identity' })
    expect(JSON.stringify(diagnostics.list)).not.toContain(SECRET)
    expect(await get('gw-bad', rawDbs.identities)).toBeUndefined()
  })

  it.each([
    ['a device id that is not 64 hex digits', { deviceId: 'A'.repeat(64) }],
    ['a seed of the wrong length', { seed: new Uint8Array(31) }],
    ['a seed that is not bytes', { seed: Array.from({ length: 32 }, () => 0) }],
    ['an unknown kind', { kind: 'rsa' }],
  ])('drops a noble identity record with %s', async (_name, change) => {
    const stored = await nobleIdentityFromSeed(Uint8Array.from({ length: 32 }, (_, i) => i))
    await set('gw-bad', stored, rawDbs.identities)
    expect(await createGatewayVault('gw-bad').loadIdentity()).toMatchObject({ kind: 'noble' }) // as stored, it loads
    await set('gw-bad', { ...stored, ...change }, rawDbs.identities)
    const { value, diagnostics } = await loadCollectingDiagnostics(() => createGatewayVault('gw-bad').loadIdentity())
    expect(value).toBeNull()
    expect(diagnostics.map((d) => d.record)).toEqual(['identity'])
  })

  it('drops an identity record that is not an object at all', async () => {
    await set('gw-bad', 'just a string', rawDbs.identities)
    const diagnostics = collectDiagnostics()
    try {
      expect(await createGatewayVault('gw-bad').loadIdentity()).toBeNull()
    } finally {
      diagnostics.stop()
    }
    expect(diagnostics.list.map((d) => d.record)).toEqual(['identity'])
  })

  it('leaves other gateways’ records alone when one is dropped', async () => {
    await set('gw-bad', { nonsense: true }, rawDbs.secrets)
    await createGatewayVault('gw-good').saveDeviceToken('operator', token('good'))
    const diagnostics = collectDiagnostics()
    try {
      await createGatewayVault('gw-bad').loadCredentials()
    } finally {
      diagnostics.stop()
    }
    expect((await createGatewayVault('gw-good').loadCredentials()).deviceTokens.operator?.token).toBe('good')
  })
})

describe('forgetVault', () => {
  it('removes the secrets and the identity of that gateway only', async () => {
    for (const id of ['gw-1', 'gw-2']) {
      await saveInitialSecrets(id, { bootstrap: { token: `boot-${id}-123456` } })
      await createGatewayVault(id).saveDeviceToken('operator', token(`op-${id}`))
      await createGatewayVault(id).saveIdentity(await createIdentity())
    }
    await forgetVault('gw-1')

    expect(await get('gw-1', rawDbs.secrets)).toBeUndefined()
    expect(await get('gw-1', rawDbs.identities)).toBeUndefined()
    expect(await createGatewayVault('gw-1').loadIdentity()).toBeNull()
    expect((await createGatewayVault('gw-1').loadCredentials()).deviceTokens).toEqual({})

    const kept = await createGatewayVault('gw-2').loadCredentials()
    expect(kept.deviceTokens.operator?.token).toBe('op-gw-2')
    expect(kept.bootstrap?.token).toBe('boot-gw-2-123456')
    expect(await createGatewayVault('gw-2').loadIdentity()).not.toBeNull()
  })
})
