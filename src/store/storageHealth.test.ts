// @vitest-environment node
import { get, keys, set } from 'idb-keyval'
import { describe, expect, it } from 'vitest'
import { addToOutbox, loadOutbox, saveDraft } from './chatStorage'
import { STORAGE_SCHEMA_VERSION } from './storageHealth'
import { connectOperator, gatewayRecord, outboxEntry, rawDbs, until, useStoreTestbed } from './testing/storeTestkit'
import { saveInitialSecrets } from './vaultStorage'

const bed = useStoreTestbed()

/** navigator.storage as a browser that grants (or refuses) persistence answers. */
function browserStorage(grants: boolean) {
  let persisted = false
  const asked: string[] = []
  return {
    asked,
    storage: {
      persisted: async () => persisted,
      persist: async () => {
        asked.push('persist')
        persisted = grants
        return grants
      },
    },
  }
}

describe('the boot checks the storage first', () => {
  it('stores the schema version the data is written with', async () => {
    const { store } = bed.testStore()
    await store.getState().boot()
    expect(store.getState().storage.health).toEqual({ kind: 'ok' })
    expect(await get('schema', rawDbs.meta)).toMatchObject({ v: STORAGE_SCHEMA_VERSION })
  })

  it('data newer than the code: says so, starts no gateway and writes nothing', async () => {
    await set('schema', { v: STORAGE_SCHEMA_VERSION + 1 }, rawDbs.meta)
    await set('gw', gatewayRecord('gw', bed.gateway.url), rawDbs.gateways)
    await set('gw', { v: 1, entries: [outboxEntry('k1')] }, rawDbs.outbox)
    const { store } = bed.testStore()
    await store.getState().boot()
    expect(store.getState().storage.health).toEqual({ kind: 'newer', stored: STORAGE_SCHEMA_VERSION + 1, supported: STORAGE_SCHEMA_VERSION })
    expect(store.getState().isReady).toBe(true)
    expect(store.getState().gateways).toEqual([])
    expect(store.getState().clientFor('gw')).toBeUndefined()
    expect(await get('schema', rawDbs.meta)).toEqual({ v: STORAGE_SCHEMA_VERSION + 1 })
  })

  it('sweeps records that belong to no saved gateway (a forget cut short), and reports it', async () => {
    await saveInitialSecrets('gone', { shared: { token: 'left behind' } })
    await addToOutbox('gone', outboxEntry('k1'))
    await saveDraft('gone', 'left behind')
    await saveInitialSecrets('kept', { shared: { token: 'mine' } })
    await set('kept', gatewayRecord('kept', bed.gateway.url), rawDbs.gateways)
    await addToOutbox('kept', outboxEntry('k2'))
    // What another app shared belongs to no gateway yet: it waits for a composer, it is no orphan.
    await set('share-1', { v: 1, id: 'share-1' }, rawDbs.share)
    const { store } = bed.testStore()
    await store.getState().boot()
    expect(await keys(rawDbs.share)).toEqual(['share-1'])
    expect(await keys(rawDbs.secrets)).toEqual(['kept'])
    expect(await keys(rawDbs.drafts)).toEqual([])
    expect((await loadOutbox('kept')).map((entry) => entry.idempotencyKey)).toEqual(['k2'])
    expect(await loadOutbox('gone')).toEqual([])
    expect(store.getState().storage.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'swept-orphans', record: 'secrets' }),
        expect.objectContaining({ kind: 'swept-orphans', record: 'outbox' }),
      ]),
    )
  })
})

describe('persistent storage', () => {
  it('is asked for once a gateway is paired, and the answer is in the state', async () => {
    const granted = browserStorage(true)
    const { store } = bed.testStore({ persistentStorage: granted.storage })
    await store.getState().boot()
    expect(granted.asked).toEqual([])
    await connectOperator(store, bed.gateway, 'gw')
    await until(() => expect(store.getState().storage.persisted).toBe(true))
    expect(granted.asked).toEqual(['persist'])
  })

  it('says when the browser refused', async () => {
    const refused = browserStorage(false)
    const { store } = bed.testStore({ persistentStorage: refused.storage })
    await connectOperator(store, bed.gateway, 'gw')
    await until(() => expect(store.getState().storage.persisted).toBe(false))
  })
})

describe('forget', () => {
  it('tells the user the device id to remove on the gateway too', async () => {
    const { store } = bed.testStore()
    await connectOperator(store, bed.gateway, 'gw')
    const identity = (await get('gw', rawDbs.identities)) as { deviceId: string }
    await store.getState().forgetGateway('gw')
    expect(store.getState().storage.lastForgotten).toEqual({ label: 'label gw', deviceId: identity.deviceId })
  })
})
