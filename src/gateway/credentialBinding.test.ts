// @vitest-environment node
/**
 * Issue 19, item 1 and item 6: a credential belongs to the gateway address that issued it (or that
 * the user typed it for) and is presented nowhere else; a typed shared secret is not kept once a
 * device token replaces it, so a revoked device is never paired again without the user.
 */
import { describe, expect, it } from 'vitest'
import { chooseCredential } from './connectParams'
import { gatewayAddress } from './gatewayAddress'
import type { Credentials } from './vault'
import { deviceToken, MemoryVault, useFakeGateway } from './testing/fakeGateway'

const A = 'ws://127.0.0.1:18789'
const B = 'wss://gateway-b.example'
const scopes = ['operator.read', 'operator.write']

describe('gatewayAddress', () => {
  it('is the same for two spellings of one URL and different for another host, port, scheme or path', () => {
    expect(gatewayAddress('ws://127.0.0.1:18789/')).toBe(gatewayAddress('WS://127.0.0.1:18789'))
    expect(gatewayAddress('wss://h.example:443/')).toBe(gatewayAddress('wss://H.example'))
    const others = ['ws://localhost:18789', 'ws://127.0.0.1:18790', 'wss://127.0.0.1:18789', 'ws://127.0.0.1:18789/other']
    for (const other of others) expect(gatewayAddress(other)).not.toBe(gatewayAddress(A))
  })
})

describe('chooseCredential', () => {
  const credentials: Credentials = {
    deviceTokens: { operator: { ...deviceToken('token-of-A', scopes), address: gatewayAddress(A) } },
    bootstrap: { token: 'setup-code-of-B', addresses: [gatewayAddress(B)] },
    shared: { token: 'typed-for-A', addresses: [gatewayAddress(A)] },
  }

  it("presents A's device token to A only; at B the setup code B issued", () => {
    expect(chooseCredential(credentials, 'operator', scopes, gatewayAddress(A))).toMatchObject({ source: 'device-token', auth: { deviceToken: 'token-of-A' } })
    expect(chooseCredential(credentials, 'operator', scopes, gatewayAddress(B))).toMatchObject({
      source: 'bootstrap-token',
      auth: { bootstrapToken: 'setup-code-of-B' },
      address: gatewayAddress(B),
    })
  })

  it('presents nothing to a third address, and nothing that is bound to no address at all', () => {
    expect(chooseCredential(credentials, 'operator', scopes, gatewayAddress('ws://evil.example'))).toBeNull()
    const unbound: Credentials = { deviceTokens: { operator: deviceToken('legacy', scopes) }, bootstrap: { token: 'boot' }, shared: { password: 'pw' } }
    expect(chooseCredential(unbound, 'operator', scopes, gatewayAddress(A))).toBeNull()
  })

  it('falls back to the typed secret only at the address it was typed for', () => {
    const typed: Credentials = { deviceTokens: {}, shared: { password: 'pw', addresses: [gatewayAddress(A)] } }
    expect(chooseCredential(typed, 'operator', scopes, gatewayAddress(A))).toMatchObject({ source: 'shared-password' })
    expect(chooseCredential(typed, 'operator', scopes, gatewayAddress(B))).toBeNull()
  })
})

describe('the client', () => {
  const fake = useFakeGateway()

  it("never sends another gateway's device token: it pairs here with this gateway's own setup code", async () => {
    const vault = new MemoryVault({ bootstrap: 'setup-code-of-this-gateway' })
    vault.deviceTokens.set('operator', { ...deviceToken('token-of-A', scopes), address: gatewayAddress('ws://127.0.0.1:1') })
    fake.start({ vault })
    const connection = await fake.gateway.connection(0)
    connection.challenge()
    const connect = await connection.connectRequest()
    expect(connect.params.auth).toEqual({ bootstrapToken: 'setup-code-of-this-gateway' })
    expect(connection.raw.join('')).not.toContain('token-of-A')
  })

  it("with only another gateway's token, sends no connect at all and asks the user", async () => {
    const vault = new MemoryVault()
    vault.deviceTokens.set('operator', { ...deviceToken('token-of-A', scopes), address: gatewayAddress('ws://127.0.0.1:1') })
    const h = fake.start({ vault })
    const connection = await fake.gateway.connection(0)
    connection.challenge()
    await fake.waitForPhase(h, 'needs-user')
    expect(h.client.status).toMatchObject({ phase: 'needs-user', problem: { kind: 'no-credentials' } })
    expect(connection.raw.join('')).not.toContain('token-of-A')
  })

  it('binds the device token it receives to the address of the socket it came on', async () => {
    const { h } = await fake.connected(
      { vault: new MemoryVault({ bootstrap: 'boot' }) },
      { auth: { method: 'bootstrap-token', role: 'operator', scopes, deviceToken: 'issued-here' } },
    )
    await fake.waitForPhase(h, 'connected')
    expect(h.vault.deviceTokens.get('operator')).toMatchObject({ token: 'issued-here', address: gatewayAddress(fake.gateway.url) })
  })
})

describe('a typed shared secret (issue 19, item 6)', () => {
  const fake = useFakeGateway()

  it('is deleted once the device token it paired is stored, so a revoked token ends in "pair again", not a silent re-pair', async () => {
    const vault = new MemoryVault({ shared: { token: 'typed-shared-token' } })
    const { h } = await fake.connected({ vault }, { auth: { method: 'token', role: 'operator', scopes, deviceToken: 'device-token-1' } })
    await fake.waitForPhase(h, 'connected')
    expect(vault.shared).toBeUndefined()
    expect(vault.calls.indexOf('deleteSharedSecret')).toBeGreaterThan(vault.calls.indexOf('saveDeviceToken:operator'))

    // The gateway revokes the device token: the app drops it and asks the user; it presents nothing else.
    h.client.retryNow()
    const again = await fake.gateway.connection(1)
    const reconnect = await again.refuse({
      code: 'INVALID_REQUEST',
      message: 'unauthorized: device token mismatch',
      details: { code: 'AUTH_DEVICE_TOKEN_MISMATCH' },
    })
    expect(reconnect.params.auth).toEqual({ deviceToken: 'device-token-1' })
    await fake.waitForPhase(h, 'needs-user')
    expect(h.client.status).toMatchObject({ phase: 'needs-user', problem: { kind: 'device-token-rejected' } })
    expect(vault.deviceTokens.size).toBe(0)
    expect(fake.gateway.count).toBe(2)
  })

  it('is kept while no device token has been issued (the gateway still waits for approval)', async () => {
    const vault = new MemoryVault({ shared: { token: 'typed-shared-token' } })
    const { h } = await fake.connected({ vault }, { auth: { method: 'token', role: 'operator', scopes } })
    await fake.waitForPhase(h, 'connected')
    expect(vault.shared).toEqual({ token: 'typed-shared-token' })
  })
})
