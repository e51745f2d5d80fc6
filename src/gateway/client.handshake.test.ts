// @vitest-environment node
import { describe, expect, it, vi } from 'vitest'
import { fromBase64Url, toHex } from './base64url'
import type { Role } from './protocol'
import type { SharedSecret } from './vault'
import { deferred, delay, deviceToken, MemoryVault, TEST_CLIENT_INFO, useFakeGateway, type SentConnectParams } from './testing/fakeGateway'

const fake = useFakeGateway()
const { start, waitForPhase } = fake

/** The v3 payload rebuilt from what was sent, exactly as the gateway does it (protocol doc §5.2). */
function payloadFromParams(params: SentConnectParams): string {
  const { auth, device, client } = params
  const token = auth.token ?? auth.deviceToken ?? auth.bootstrapToken ?? ''
  const normalize = (value: string | undefined) => (value ?? '').trim().replace(/[A-Z]/g, (char) => char.toLowerCase())
  return [
    'v3',
    device.id,
    client.id,
    client.mode,
    params.role ?? 'operator',
    params.scopes.join(','),
    String(device.signedAt),
    token,
    device.nonce.trim(),
    normalize(client.platform),
    normalize(client.deviceFamily),
  ].join('|')
}

async function verifyDeviceProof(params: SentConnectParams): Promise<{ signatureValid: boolean; deviceIdValid: boolean }> {
  const raw = fromBase64Url(params.device.publicKey)
  const key = await crypto.subtle.importKey('raw', raw as BufferSource, { name: 'Ed25519' }, false, ['verify'])
  const signatureValid = await crypto.subtle.verify(
    { name: 'Ed25519' },
    key,
    fromBase64Url(params.device.signature) as BufferSource,
    new TextEncoder().encode(payloadFromParams(params)),
  )
  const deviceIdValid = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', raw as BufferSource))) === params.device.id
  return { signatureValid, deviceIdValid }
}

describe('connect params', () => {
  it('sends protocol 4, the webchat/ui identity, the chosen role and a device proof the gateway can verify', async () => {
    const h = start({ vault: new MemoryVault({ bootstrap: 'boot-1' }) })
    const connection = await fake.gateway.connection(0)
    const challenge = { nonce: '3f0e7a8c-2b1d-4c55-9a77-0f1e2d3c4b5a', ts: 1737264000000, capabilities: ['model-catalog-snapshot'] }
    connection.challenge(challenge)
    const { params } = await connection.connectRequest()

    expect(params.minProtocol).toBe(4)
    expect(params.maxProtocol).toBe(4)
    expect(params.client).toEqual({ id: 'webchat', mode: 'ui', platform: 'web', version: TEST_CLIENT_INFO.version })
    expect(params.client).not.toHaveProperty('deviceFamily')
    expect(params.role).toBe('operator')
    expect(params.scopes).toEqual(['operator.read', 'operator.write'])
    expect(params.caps).toEqual([])
    expect(params.auth).toEqual({ bootstrapToken: 'boot-1' })
    expect(params.device.signedAt).toBe(challenge.ts)
    expect(params.device.nonce).toBe(challenge.nonce)
    expect(params.device.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(await verifyDeviceProof(params)).toEqual({ signatureValid: true, deviceIdValid: true })
    expect(h.vault.identity?.deviceId).toBe(params.device.id)
  })

  it('sends a node connection as role node with no scopes and its declared commands', async () => {
    start({ role: 'node', vault: new MemoryVault({ bootstrap: 'boot-1' }), extras: { caps: [], commands: ['canvas.present'], permissions: { camera: false } } })
    const connection = await fake.gateway.connection(0)
    connection.challenge()
    const { params } = await connection.connectRequest()
    expect(params.role).toBe('node')
    expect(params.scopes).toEqual([])
    expect(params).toMatchObject({ commands: ['canvas.present'], permissions: { camera: false } })
    expect(await verifyDeviceProof(params)).toEqual({ signatureValid: true, deviceIdValid: true })
  })

  it('signs the trimmed nonce when the challenge pads it with whitespace', async () => {
    start()
    const connection = await fake.gateway.connection(0)
    connection.challenge({ nonce: '  padded-nonce  ', ts: 5 })
    const { params } = await connection.connectRequest()
    expect(params.device.nonce).toBe('padded-nonce')
    expect((await verifyDeviceProof(params)).signatureValid).toBe(true)
  })

  it('keeps the same device identity across reconnects', async () => {
    const h = start()
    const first = await fake.gateway.connection(0)
    const { params: firstParams } = await first.handshake()
    await waitForPhase(h, 'connected')
    first.socket.terminate()
    await waitForPhase(h, 'reconnecting')
    h.timers.advance(0)
    const second = await fake.gateway.connection(1)
    second.challenge()
    const { params: secondParams } = await second.connectRequest()
    expect(secondParams.device.id).toBe(firstParams.device.id)
    expect(secondParams.device.publicKey).toBe(firstParams.device.publicKey)
    expect(h.vault.calls.filter((call) => call === 'saveIdentity')).toHaveLength(1)
  })
})

describe('credential precedence', () => {
  const other = (role: Role): Role => (role === 'operator' ? 'node' : 'operator')
  type Case = [string, (role: Role) => MemoryVault, (role: Role) => SentConnectParams['auth']]
  const cases: Case[] = [
    [
      'its own stored device token before anything else',
      (role) =>
        new MemoryVault({
          deviceTokens: { [role]: deviceToken(`${role}-token`, ['operator.read', 'operator.write']), [other(role)]: deviceToken('other-token') },
          bootstrap: 'boot',
          shared: { token: 'shared' },
        }),
      (role) => ({ deviceToken: `${role}-token` }),
    ],
    [
      'the bootstrap token when only the other role has a device token',
      (role) => new MemoryVault({ deviceTokens: { [other(role)]: deviceToken('other-token') }, bootstrap: 'boot', shared: { token: 'shared' } }),
      () => ({ bootstrapToken: 'boot' }),
    ],
    [
      'the shared token after that',
      (role) => new MemoryVault({ deviceTokens: { [other(role)]: deviceToken('other-token') }, shared: { token: 'shared' } }),
      () => ({ token: 'shared' }),
    ],
    [
      'the shared password last',
      (role) => new MemoryVault({ deviceTokens: { [other(role)]: deviceToken('other-token') }, shared: { password: 'hunter2' } satisfies SharedSecret }),
      () => ({ password: 'hunter2' }),
    ],
  ]

  for (const role of ['operator', 'node'] as const) {
    it.each(cases)(`a ${role} connection presents %s, and stays ${role}`, async (_name, makeVault, expectedAuth) => {
      const h = start({ role, vault: makeVault(role) })
      const connection = await fake.gateway.connection(0)
      const { params } = await connection.handshake()
      expect(params.auth).toEqual(expectedAuth(role))
      expect(params.role).toBe(role)
      expect((await verifyDeviceProof(params)).signatureValid).toBe(true)
      await waitForPhase(h, 'connected')
      expect(h.client.role).toBe(role)
    })

    it(`a ${role} connection never presents the other role's device token: with nothing else it stops`, async () => {
      const h = start({ role, vault: new MemoryVault({ deviceTokens: { [other(role)]: deviceToken('other-token') } }) })
      const connection = await fake.gateway.connection(0)
      connection.challenge()
      await waitForPhase(h, 'needs-user')
      expect(h.client.status).toEqual({ phase: 'needs-user', problem: { kind: 'no-credentials' } })
      expect(connection.requestsFor('connect')).toHaveLength(0)
      expect(h.vault.deviceTokens.get(other(role))?.token).toBe('other-token')
    })
  }

  it('asks only for the scopes a stored device token covers', async () => {
    start({ vault: new MemoryVault({ deviceTokens: { operator: deviceToken('op', ['operator.read']) } }) })
    const connection = await fake.gateway.connection(0)
    connection.challenge()
    const { params } = await connection.connectRequest()
    expect(params.scopes).toEqual(['operator.read'])
    expect((await verifyDeviceProof(params)).signatureValid).toBe(true)
  })
})

describe('tokens handed out by hello-ok', () => {
  it('saves auth.deviceToken under the connection role and each deviceTokens[] entry under its own role', async () => {
    const h = start({ role: 'node', vault: new MemoryVault({ bootstrap: 'boot' }) })
    const connection = await fake.gateway.connection(0)
    await connection.handshake({
      auth: {
        method: 'bootstrap-token',
        role: 'node',
        scopes: [],
        deviceToken: 'node-token',
        issuedAtMs: 11,
        deviceTokens: [
          { deviceToken: 'operator-token', role: 'operator', scopes: ['operator.read', 'operator.write', 'operator.approvals'], issuedAtMs: 12 },
          { deviceToken: 'worker-token', role: 'worker', scopes: [] },
        ],
      },
    })
    await waitForPhase(h, 'connected')
    expect(h.vault.deviceTokens.get('node')).toMatchObject({ token: 'node-token', scopes: [], issuedAtMs: 11 })
    expect(h.vault.deviceTokens.get('operator')).toMatchObject({
      token: 'operator-token',
      scopes: ['operator.read', 'operator.write', 'operator.approvals'],
      issuedAtMs: 12,
    })
    expect([...h.vault.deviceTokens.keys()].sort()).toEqual(['node', 'operator'])
    expect(h.vault.bootstrap).toBeUndefined()
  })

  it('deletes the bootstrap token only once the chosen role token is durably saved', async () => {
    const vault = new MemoryVault({ bootstrap: 'boot' })
    const gate = deferred()
    vault.saveGate = () => gate.promise
    const h = start({ vault })
    const connection = await fake.gateway.connection(0)
    await connection.handshake({ auth: { method: 'bootstrap-token', role: 'operator', scopes: ['operator.read', 'operator.write'], deviceToken: 'op-token' } })
    await vi.waitFor(() => expect(vault.calls).toContain('saveDeviceToken:operator:begin'))
    await delay(30)
    expect(vault.calls).not.toContain('deleteBootstrapToken')
    expect(vault.bootstrap).toEqual({ token: 'boot' })
    gate.resolve()
    await waitForPhase(h, 'connected')
    expect(vault.calls.filter((call) => call !== 'saveIdentity')).toEqual([
      'saveDeviceToken:operator:begin',
      'saveDeviceToken:operator',
      'deleteBootstrapToken',
    ])
  })

  it('keeps the bootstrap token when hello-ok has no token for the chosen role', async () => {
    const h = start({ vault: new MemoryVault({ bootstrap: 'boot' }) })
    const connection = await fake.gateway.connection(0)
    await connection.handshake({
      auth: { method: 'bootstrap-token', role: 'operator', scopes: ['operator.read'], deviceTokens: [{ deviceToken: 'node-token', role: 'node', scopes: [] }] },
    })
    await waitForPhase(h, 'connected')
    expect(h.vault.deviceTokens.get('node')?.token).toBe('node-token')
    expect(h.vault.deviceTokens.has('operator')).toBe(false)
    expect(h.vault.bootstrap).toEqual({ token: 'boot' })
    expect(h.vault.calls).not.toContain('deleteBootstrapToken')
  })

  it('does not hang in connecting when the vault cannot save the issued token', async () => {
    const vault = new MemoryVault({ bootstrap: 'boot' })
    vault.saveGate = async () => {
      throw new Error('QuotaExceededError')
    }
    const h = start({ vault })
    const connection = await fake.gateway.connection(0)
    await connection.handshake({ auth: { method: 'bootstrap-token', role: 'operator', scopes: ['operator.read'], deviceToken: 'op-token' } })
    await vi.waitFor(() => expect(vault.calls).toContain('saveDeviceToken:operator:begin'))
    await delay(100)
    // It gives up on this socket and backs off to try again, instead of waiting forever.
    expect(h.statuses.some((status) => status.phase === 'reconnecting')).toBe(true)
    h.timers.advance(5_000)
    await vi.waitFor(() => expect(fake.gateway.count).toBe(2))
    expect(vault.bootstrap).toEqual({ token: 'boot' })
  })

  it('keeps the stored scopes when the gateway echoes the device token we sent (§10.2)', async () => {
    const h = start({ vault: new MemoryVault({ deviceTokens: { operator: deviceToken('op', ['operator.read', 'operator.write']) } }) })
    const connection = await fake.gateway.connection(0)
    await connection.handshake({ auth: { method: 'device-token', role: 'operator', scopes: ['operator.read'], deviceToken: 'op' } })
    await waitForPhase(h, 'connected')
    expect(h.vault.deviceTokens.get('operator')).toMatchObject({ token: 'op', scopes: ['operator.read', 'operator.write'] })
  })

  it('refuses a hello-ok granting another role: needs-user ROLE_MISMATCH, nothing saved, role unchanged', async () => {
    const h = start({ vault: new MemoryVault({ bootstrap: 'boot' }) })
    const connection = await fake.gateway.connection(0)
    await connection.handshake({ auth: { method: 'bootstrap-token', role: 'node', scopes: [], deviceToken: 'node-token' } })
    await waitForPhase(h, 'needs-user')
    expect(h.client.status).toMatchObject({ phase: 'needs-user', problem: { kind: 'rejected', code: 'ROLE_MISMATCH' } })
    expect(h.client.role).toBe('operator')
    expect(h.client.helloOk).toBeNull()
    expect(h.vault.deviceTokens.size).toBe(0)
    expect(h.vault.bootstrap).toEqual({ token: 'boot' })
    await connection.closed
    h.timers.advance(60_000)
    await delay(100)
    expect(fake.gateway.count).toBe(1)
    expect(h.statuses.some((status) => status.phase === 'connected')).toBe(false)
  })

  it('refuses a hello-ok that does not match the protocol', async () => {
    const h = start()
    const connection = await fake.gateway.connection(0)
    connection.challenge()
    const { id } = await connection.connectRequest()
    connection.respond(id, { type: 'welcome', protocol: 4 })
    await waitForPhase(h, 'needs-user')
    expect(h.client.status).toMatchObject({ problem: { kind: 'rejected', code: 'BAD_HELLO' } })
    expect(h.diagnostics.map((diagnostic) => diagnostic.kind)).toContain('bad-payload')
  })

  it('exposes the hello-ok while connected', async () => {
    const h = start()
    const connection = await fake.gateway.connection(0)
    await connection.handshake({ policy: { tickIntervalMs: 30000, maxPayload: 1000 } })
    await waitForPhase(h, 'connected')
    expect(h.client.helloOk?.policy?.maxPayload).toBe(1000)
    expect(h.client.status).toMatchObject({ phase: 'connected', hello: { type: 'hello-ok', protocol: 4 } })
  })
})
