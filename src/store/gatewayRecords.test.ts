// @vitest-environment node
import { get, keys, set } from 'idb-keyval'
import { beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { deleteGatewayRecord, loadGatewayRecords, saveGatewayRecord, type GatewayRecord } from './gatewayRecords'
import { clearAllDatabases, collectDiagnostics, gatewayRecord, quarantined, rawDbs } from './testing/storeTestkit'

beforeEach(clearAllDatabases)

describe('loadGatewayRecords', () => {
  it('returns the saved gateways oldest first, whatever order they were saved in', async () => {
    await saveGatewayRecord(gatewayRecord('c', 'wss://c.example', { createdAtMs: 300 }))
    await saveGatewayRecord(gatewayRecord('a', 'wss://a.example', { createdAtMs: 100 }))
    await saveGatewayRecord(gatewayRecord('b', 'wss://b.example', { createdAtMs: 200, role: 'node', pairedAtMs: 250 }))
    const loaded = await loadGatewayRecords()
    expect(loaded.map((record) => record.id)).toEqual(['a', 'b', 'c'])
    expect(loaded[1]).toEqual(gatewayRecord('b', 'wss://b.example', { createdAtMs: 200, role: 'node', pairedAtMs: 250 }))
  })

  it('is empty when nothing was saved', async () => {
    expect(await loadGatewayRecords()).toEqual([])
  })

  it('moves malformed records to the quarantine with a diagnostic, and keeps the good ones', async () => {
    await saveGatewayRecord(gatewayRecord('good', 'wss://good.example'))
    await set('no-role', { ...gatewayRecord('no-role', 'wss://x.example'), role: 'admin' }, rawDbs.gateways)
    await set('garbage', 'not a record', rawDbs.gateways)
    const diagnostics = collectDiagnostics()
    let loaded: GatewayRecord[]
    try {
      loaded = await loadGatewayRecords()
    } finally {
      diagnostics.stop()
    }
    expect(loaded.map((record) => record.id)).toEqual(['good'])
    expect(diagnostics.list).toHaveLength(2)
    expect(diagnostics.list.every((d) => d.kind === 'quarantined-record' && d.record === 'gateway')).toBe(true)
    expect(diagnostics.list.flatMap((d) => d.issues).some((issue) => issue.startsWith('role:'))).toBe(true)
    expect(await keys(rawDbs.gateways)).toEqual(['good'])
    expect((await quarantined()).map((kept) => kept.raw)).toEqual(
      expect.arrayContaining(['not a record', expect.objectContaining({ id: 'no-role', role: 'admin' })]),
    )
  })

  it('keeps fields a newer version added when this version saves the record', async () => {
    await set('gw', { ...gatewayRecord('gw', 'wss://a.example'), gatewayIdentity: 'added later' }, rawDbs.gateways)
    const [loaded] = await loadGatewayRecords()
    await saveGatewayRecord({ ...loaded!, label: 'renamed' })
    expect(await get('gw', rawDbs.gateways)).toMatchObject({ label: 'renamed', gatewayIdentity: 'added later' })
  })
})

describe('saveGatewayRecord', () => {
  const invalid: Array<[string, Partial<GatewayRecord> | Record<string, unknown>]> = [
    ['an unknown role', { role: 'admin' }],
    ['no candidate URLs', { candidateUrls: [] }],
    ['a label longer than 64 characters', { label: 'x'.repeat(65) }],
    ['an empty device name', { deviceName: '' }],
    ['another version', { v: 2 }],
  ]

  it.each(invalid)('refuses a record with %s and writes nothing', async (_, change) => {
    const record = { ...gatewayRecord('bad', 'wss://bad.example'), ...change } as GatewayRecord
    await expect(async () => saveGatewayRecord(record)).rejects.toBeInstanceOf(z.core.$ZodError)
    expect(await get('bad', rawDbs.gateways)).toBeUndefined()
  })

  it('reports an invalid record through the returned promise, not by throwing at the call', async () => {
    const record = { ...gatewayRecord('bad', 'wss://bad.example'), role: 'admin' } as unknown as GatewayRecord
    // Callers write `void saveGatewayRecord(r)` (gatewaysSlice, inside a status listener): a synchronous
    // throw there escapes into GatewayClient's listener loop instead of becoming a rejected promise.
    let saving: Promise<void> | undefined
    expect(() => {
      saving = saveGatewayRecord(record)
    }).not.toThrow()
    await expect(saving).rejects.toBeInstanceOf(z.core.$ZodError)
  })

  it('replaces the record with the same id', async () => {
    await saveGatewayRecord(gatewayRecord('a', 'wss://a.example'))
    await saveGatewayRecord(gatewayRecord('a', 'wss://a.example', { label: 'Renamed' }))
    expect((await loadGatewayRecords()).map((record) => record.label)).toEqual(['Renamed'])
  })

  it('deleteGatewayRecord removes only that gateway', async () => {
    await saveGatewayRecord(gatewayRecord('a', 'wss://a.example'))
    await saveGatewayRecord(gatewayRecord('b', 'wss://b.example'))
    await deleteGatewayRecord('a')
    expect((await loadGatewayRecords()).map((record) => record.id)).toEqual(['b'])
  })
})
