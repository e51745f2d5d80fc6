// @vitest-environment node
import { get, set } from 'idb-keyval'
import { beforeEach, describe, expect, it } from 'vitest'
import { readShareForm } from '../gateway/share'
import { shareInbox } from './shareLoader'
import { readShareRecord } from './shareInbox'
import { clearAllDatabases, loadCollectingDiagnostics, quarantined, rawDbs } from './testing/storeTestkit'

beforeEach(clearAllDatabases)

const shared = (id: string, receivedAtMs: number) => {
  const form = new FormData()
  form.append('text', `text of ${id}`)
  form.append('files', new File([new Uint8Array([1, 2, 3])], 'a.png', { type: 'image/png' }))
  return readShareForm(form, id, receivedAtMs)
}

describe('the share inbox: what the worker stored, read back by the page', () => {
  it('reads a record the worker wrote, and nothing else', () => {
    const record = shared('s1', 1)
    expect(readShareRecord(record)).toEqual(record)
    const hostile = [
      null,
      'x',
      42,
      {},
      { ...record, v: 2 },
      { ...record, id: '' },
      { ...record, files: [{ name: 'a', type: 'image/png', size: 1, blob: 'not a blob' }] },
      { ...record, refused: [{ name: 'a', reason: 'because' }] },
      { ...record, placedIn: 7 },
    ]
    for (const raw of hostile) expect(readShareRecord(raw)).toBeNull()
  })

  it('lists shares oldest first, marks where one is placed, drops it', async () => {
    await set('s2', shared('s2', 20), rawDbs.share)
    await set('s1', shared('s1', 10), rawDbs.share)
    const inbox = await shareInbox()
    const [first, second] = await inbox.pendingShares()
    expect([first?.id, second?.id]).toEqual(['s1', 's2'])
    expect(first?.files[0]?.blob).toBeInstanceOf(Blob)
    await inbox.markPlaced(first!, 'gw-a')
    expect((await inbox.pendingShares()).map((share) => [share.id, share.placedIn])).toEqual([
      ['s1', 'gw-a'],
      ['s2', null],
    ])
    await inbox.dropShare('s1')
    expect((await inbox.pendingShares()).map((share) => share.id)).toEqual(['s2'])
  })

  it('keeps an unreadable record aside instead of showing or deleting it unseen', async () => {
    const newer = { ...shared('s9', 1), v: 2 }
    await set('s9', newer, rawDbs.share)
    const { value, diagnostics } = await loadCollectingDiagnostics(async () => (await shareInbox()).pendingShares())
    expect(value).toEqual([])
    expect(diagnostics.map((d) => d.record)).toEqual(['share'])
    expect(await quarantined()).toEqual([expect.objectContaining({ record: 'share' })])
    expect(await get('s9', rawDbs.share)).toBeUndefined()
  })
})
