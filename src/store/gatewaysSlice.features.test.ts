// @vitest-environment node
// The gateways slice drives every listed feature and names none: a fake feature added to the list
// is attached, detached and forgotten like the real ones, and forgetting waits for it.
import { get, set } from 'idb-keyval'
import { gatewayAddress } from '../gateway'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FakeGateway } from '../gateway/testing/fakeGateway'
import type { FeatureCreator } from './feature'
import { APP_FEATURES, createAppStore, memoryPreferences } from './store'
import { allKeys, clearAllDatabases, gatewayRecord, rawDbs, TEST_USER_AGENT, until, wsSocketFactory } from './testing/storeTestkit'
import { staticEnvironment } from '../gateway'
import { saveInitialSecrets } from './vaultStorage'

let gateway: FakeGateway
beforeEach(async () => {
  await clearAllDatabases()
  gateway = await FakeGateway.start()
})
afterEach(() => gateway.close())

/** A feature that records what it is told, and whose forget the test finishes by hand. */
function recordingFeature() {
  const calls: string[] = []
  let finishForget: () => void = () => undefined
  const create: FeatureCreator<{ fakeSeen: number }> = () => ({
    name: 'fake',
    slice: { fakeSeen: 0 },
    connectExtras: (role) => (role === 'operator' ? { caps: ['fake-cap'], scopes: ['operator.fake'] } : undefined),
    attach: (gatewayId, client, role) => void calls.push(`attach ${gatewayId} ${role} ${client.role}`),
    detach: (gatewayId, role) => void calls.push(`detach ${gatewayId} ${role}`),
    forget(gatewayId) {
      calls.push(`forget ${gatewayId}`)
      return new Promise<void>((resolve) => (finishForget = resolve))
    },
  })
  return { calls, create, finishForget: () => finishForget() }
}

function storeWith(create?: FeatureCreator<object>) {
  return createAppStore(
    {
      appVersion: '0.1.0-test',
      userAgent: TEST_USER_AGENT,
      pageProtocol: 'http:',
      socketFactory: wsSocketFactory,
      environment: staticEnvironment,
      preferences: memoryPreferences(),
      newId: () => 'unused',
    },
    create ? [...APP_FEATURES, create] : APP_FEATURES,
  )
}

describe('per-gateway features', () => {
  it('are attached for each role a client starts in, detached when it stops, and asked for their connect extras', async () => {
    const fake = recordingFeature()
    const store = storeWith(fake.create)
    expect(Object.keys(store.features)).toEqual(['sessions', 'chat', 'node', 'approvals', 'notifications', 'fake'])
    await saveInitialSecrets('gw', { shared: { token: 'shared-token', addresses: [gatewayAddress(gateway.url)] } })
    await store.getState().addGateway(gatewayRecord('gw', gateway.url))
    // Whatever ran in a role before is detached first; then one attach, for the role it connects in.
    expect(fake.calls.at(-1)).toBe('attach gw operator operator')
    expect(fake.calls.slice(0, -1).every((call) => call.startsWith('detach gw'))).toBe(true)
    const connection = await gateway.connection(0)
    connection.challenge()
    const connect = await connection.connectRequest()
    const params = connect.params as { caps: string[]; scopes: string[] }
    // The approvals feature asks for its scopes and declares the app an approval client (the gateway routes approvals by it).
    expect(params.caps).toEqual(['approvals', 'fake-cap'])
    expect(params.scopes).toEqual(['operator.read', 'operator.write', 'operator.approvals', 'operator.questions', 'operator.fake'])

    fake.calls.length = 0
    await store.getState().changeRole('gw', 'node')
    expect(fake.calls.filter((call) => call.startsWith('attach'))).toEqual(['attach gw node node'])
    expect(fake.calls.indexOf('detach gw operator')).toBeLessThan(fake.calls.indexOf('attach gw node node'))
    for (const role of ['operator', 'node'] as const) store.getState().clientFor('gw', role)?.stop()
  })

  it('forgetting a gateway calls every feature’s forget after its clients stopped, and deletes nothing before they all finished', async () => {
    const fake = recordingFeature()
    const store = storeWith(fake.create)
    await saveInitialSecrets('gw', { shared: { token: 'shared-token', addresses: [gatewayAddress(gateway.url)] } })
    await store.getState().addGateway(gatewayRecord('gw', gateway.url))
    const client = store.getState().clientFor('gw')
    fake.calls.length = 0

    const forgetting = store.getState().forgetGateway('gw')
    await until(() => expect(fake.calls).toContain('forget gw'))
    expect(fake.calls).toEqual(['detach gw operator', 'detach gw node', 'forget gw'])
    expect(client?.status.phase).toBe('stopped')
    // The fake feature is still forgetting: the gateway's record and secrets are still there.
    expect(await get('gw', rawDbs.gateways)).toBeDefined()
    expect(await get('gw', rawDbs.secrets)).toBeDefined()
    expect(store.getState().gateways.map((record) => record.id)).toEqual(['gw'])

    fake.finishForget()
    await forgetting
    expect(await get('gw', rawDbs.gateways)).toBeUndefined()
    expect(await get('gw', rawDbs.secrets)).toBeUndefined()
    expect(store.getState().gateways).toEqual([])
  })
})

describe('forget during a handshake', () => {
  it('leaves no key pair, token or record behind, whatever step the handshake was at', async () => {
    for (let delay = 0; delay < 12; delay++) {
      await clearAllDatabases()
      const store = storeWith()
      const id = `gw-${delay}`
      await saveInitialSecrets(id, { shared: { token: 'shared-token', addresses: [gatewayAddress(gateway.url)] } })
      await store.getState().addGateway(gatewayRecord(id, gateway.url))
      const connection = await gateway.connection(delay)
      connection.challenge()
      // Forget lands somewhere between the challenge and the handshake's vault writes.
      for (let tick = 0; tick < delay; tick++) await new Promise((resolve) => setImmediate(resolve))
      // A record of it kept aside earlier (quarantine) must go too.
      await set(`${id}\u0000secrets\u00001`, { v: 1, record: 'secrets', gatewayId: id, raw: { token: 'old' } }, rawDbs.quarantine)
      await store.getState().forgetGateway(id)
      await new Promise((resolve) => setTimeout(resolve, 30))
      // Every database the app has (rawDbs must list them all: its type says so), none holding a key of it.
      const left = Object.entries(await allKeys()).flatMap(([db, keys]) =>
        keys.filter((key) => String(key).split('\u0000')[0] === id).map((key) => `${db}:${String(key)}`),
      )
      expect({ delay, left }).toEqual({ delay, left: [] })
    }
  })
})
