// @vitest-environment node
import { get, keys, set } from 'idb-keyval'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  addToOutbox,
  forgetChatData,
  loadCachedHistory,
  loadDraft,
  loadOutbox,
  markOutboxEntry,
  removeFromOutbox,
  saveCachedHistory,
  saveDraft,
  type CachedMessage,
} from './chatStorage'
import { clearAllDatabases, collectDiagnostics, loadCollectingDiagnostics, outboxEntry, quarantined, rawDbs } from './testing/storeTestkit'

beforeEach(clearAllDatabases)

const keysOf = async (gatewayId: string) => (await loadOutbox(gatewayId)).map((entry) => entry.idempotencyKey)
const message = (id: string, text = `text ${id}`): CachedMessage => ({ id, role: 'user', text, inputKey: id })

describe('outbox', () => {
  it('keeps entries in the order they were added', async () => {
    for (const key of ['k1', 'k2', 'k3']) await addToOutbox('gw', outboxEntry(key))
    expect(await keysOf('gw')).toEqual(['k1', 'k2', 'k3'])
  })

  it('keeps entries added at the same moment, none lost', async () => {
    await Promise.all(['k1', 'k2', 'k3'].map((key) => addToOutbox('gw', outboxEntry(key))))
    expect(await keysOf('gw')).toEqual(['k1', 'k2', 'k3'])
  })

  it('round-trips an entry with its attachments exactly', async () => {
    const entry = outboxEntry('k1', { attachments: [{ mimeType: 'image/png', fileName: 'a.png', origin: 'paste', content: 'iVBORw0KGgo=', sizeBytes: 8 }] })
    await addToOutbox('gw', entry)
    expect(await loadOutbox('gw')).toEqual([entry])
  })

  it('removes one entry and keeps the order of the rest', async () => {
    for (const key of ['k1', 'k2', 'k3']) await addToOutbox('gw', outboxEntry(key))
    await removeFromOutbox('gw', 'k2')
    expect(await keysOf('gw')).toEqual(['k1', 'k3'])
  })

  it('marks one entry (state, error, attempts) without moving it or touching the others', async () => {
    for (const key of ['k1', 'k2', 'k3']) await addToOutbox('gw', outboxEntry(key))
    await markOutboxEntry('gw', 'k2', { state: 'failed', error: 'too large' })
    await markOutboxEntry('gw', 'k1', { attempts: 2 })
    const entries = await loadOutbox('gw')
    expect(entries.map((e) => [e.idempotencyKey, e.state, e.error, e.attempts])).toEqual([
      ['k1', 'pending', undefined, 2],
      ['k2', 'failed', 'too large', 0],
      ['k3', 'pending', undefined, 0],
    ])
  })

  it('re-adding an entry with the same key replaces it instead of duplicating it', async () => {
    await addToOutbox('gw', outboxEntry('k1'))
    await addToOutbox('gw', outboxEntry('k2'))
    await addToOutbox('gw', outboxEntry('k1', { text: 'edited' }))
    const entries = await loadOutbox('gw')
    expect(entries.filter((e) => e.idempotencyKey === 'k1').map((e) => e.text)).toEqual(['edited'])
    expect(entries).toHaveLength(2)
  })

  it('keeps each gateway’s outbox apart', async () => {
    await addToOutbox('gw-a', outboxEntry('a1'))
    await addToOutbox('gw-b', outboxEntry('b1'))
    await removeFromOutbox('gw-a', 'b1')
    expect(await keysOf('gw-a')).toEqual(['a1'])
    expect(await keysOf('gw-b')).toEqual(['b1'])
  })

  it('fills in defaults for an entry stored without attachments or attempts', async () => {
    const { attachments: _a, attempts: _n, ...old } = outboxEntry('k1')
    await set('gw', { v: 1, entries: [old] }, rawDbs.outbox)
    expect(await loadOutbox('gw')).toEqual([{ ...old, attachments: [], attempts: 0 }])
  })

  it('keeps aside an unreadable entry, and only it: the other messages of the gateway stay queued', async () => {
    const bad = { idempotencyKey: '', text: 42 }
    await set('gw', { v: 1, entries: [outboxEntry('k1'), bad, outboxEntry('k2')] }, rawDbs.outbox)
    const { value, diagnostics } = await loadCollectingDiagnostics(() => loadOutbox('gw'))
    expect(value.map((entry) => entry.idempotencyKey)).toEqual(['k1', 'k2'])
    expect(diagnostics).toMatchObject([{ kind: 'quarantined-record', record: 'outbox entry' }])
    expect(await quarantined()).toEqual([expect.objectContaining({ record: 'outbox entry', gatewayId: 'gw', raw: bad })])
    expect(((await get('gw', rawDbs.outbox)) as { entries: unknown[] }).entries).toHaveLength(2)
  })

  it('keeps aside a whole record it cannot read (another version) instead of deleting it', async () => {
    const newer = { v: 2, queue: [{ text: 'written by a newer version' }] }
    await set('gw', newer, rawDbs.outbox)
    const { value, diagnostics } = await loadCollectingDiagnostics(() => loadOutbox('gw'))
    expect(value).toEqual([])
    expect(diagnostics.map((d) => [d.kind, d.record])).toEqual([['quarantined-record', 'outbox']])
    expect(await quarantined()).toEqual([expect.objectContaining({ record: 'outbox', raw: newer })])
    expect(await get('gw', rawDbs.outbox)).toBeUndefined()
  })

  it.each([
    ['an attachment without a type', { mimeType: '' }],
    ['a fractional size', { sizeBytes: 1.5 }],
  ])('keeps aside an entry holding %s', async (_name, change) => {
    const attachment = { mimeType: 'image/png', fileName: 'a.png', origin: 'paste', content: 'iVBORw0KGgo=', sizeBytes: 8, ...change }
    await set('gw', { v: 1, entries: [outboxEntry('k1', { attachments: [attachment] as never })] }, rawDbs.outbox)
    const { value, diagnostics } = await loadCollectingDiagnostics(() => loadOutbox('gw'))
    expect(value).toEqual([])
    expect(diagnostics.map((d) => d.record)).toEqual(['outbox entry'])
    expect(await quarantined()).toHaveLength(1)
  })

  it('keeps an entry with a file that is not an image (chat.send takes any file)', async () => {
    const pdf = { mimeType: 'application/pdf', fileName: 'plan.pdf', origin: 'file' as const, content: 'JVBERi0=', sizeBytes: 5 }
    await addToOutbox('gw', outboxEntry('k1', { attachments: [pdf] }))
    expect((await loadOutbox('gw'))[0]?.attachments).toEqual([pdf])
  })

  it('keeps fields it does not know (a newer version wrote them) when it writes the outbox', async () => {
    await set('gw', { v: 1, addedLater: 'record field', entries: [{ ...outboxEntry('k1'), gatewayOrigin: 'wss://a.example' }] }, rawDbs.outbox)
    await addToOutbox('gw', outboxEntry('k2'))
    await markOutboxEntry('gw', 'k1', { attempts: 1 })
    const raw = (await get('gw', rawDbs.outbox)) as { addedLater: string; entries: Array<Record<string, unknown>> }
    expect(raw.addedLater).toBe('record field')
    expect(raw.entries[0]).toMatchObject({ idempotencyKey: 'k1', attempts: 1, gatewayOrigin: 'wss://a.example' })
  })
})

describe('drafts', () => {
  it('saves, loads and clears a draft per gateway', async () => {
    await saveDraft('gw-a', 'half a thought')
    await saveDraft('gw-b', 'other')
    expect(await loadDraft('gw-a')).toBe('half a thought')
    await saveDraft('gw-a', '')
    expect(await loadDraft('gw-a')).toBe('')
    expect(await get('gw-a', rawDbs.drafts)).toBeUndefined()
    expect(await loadDraft('gw-b')).toBe('other')
  })

  it('reads a missing or unreadable draft as empty', async () => {
    expect(await loadDraft('never')).toBe('')
    await set('gw', { text: 7 }, rawDbs.drafts)
    expect(await loadDraft('gw')).toBe('')
    // Kept aside, not left to be overwritten by the next save.
    expect(await quarantined()).toEqual([expect.objectContaining({ record: 'draft', gatewayId: 'gw', raw: { text: 7 } })])
  })
})

describe('cached history', () => {
  it('keeps one cache per (gateway, session)', async () => {
    await saveCachedHistory('gw-a', 'agent:main:main', [message('a-main')])
    await saveCachedHistory('gw-a', 'agent:main:dashboard:1', [message('a-dash')])
    await saveCachedHistory('gw-b', 'agent:main:main', [message('b-main')])
    expect(await loadCachedHistory('gw-a', 'agent:main:main')).toEqual([message('a-main')])
    expect(await loadCachedHistory('gw-a', 'agent:main:dashboard:1')).toEqual([message('a-dash')])
    expect(await loadCachedHistory('gw-b', 'agent:main:main')).toEqual([message('b-main')])
    expect(await loadCachedHistory('gw-b', 'agent:main:dashboard:1')).toEqual([])
  })

  it('replaces a session’s cache on save', async () => {
    await saveCachedHistory('gw', 's', [message('old')])
    await saveCachedHistory('gw', 's', [message('new-1'), message('new-2')])
    expect((await loadCachedHistory('gw', 's')).map((m) => m.id)).toEqual(['new-1', 'new-2'])
  })

  it('drops a malformed cache with a diagnostic and reads it as empty', async () => {
    await saveCachedHistory('gw', 's', [message('ok')])
    const [stored] = await keys(rawDbs.history)
    if (stored === undefined) throw new Error('the cache was not written')
    await set(stored, { v: 1, savedAtMs: 1, messages: [{ id: 'x', role: 'robot', text: 'beep' }] }, rawDbs.history)
    const diagnostics = collectDiagnostics()
    try {
      expect(await loadCachedHistory('gw', 's')).toEqual([])
    } finally {
      diagnostics.stop()
    }
    expect(diagnostics.list.map((d) => d.record)).toEqual(['history'])
  })
})

describe('forgetChatData', () => {
  async function fill(gatewayId: string) {
    await addToOutbox(gatewayId, outboxEntry(`${gatewayId}-k1`))
    await saveDraft(gatewayId, `draft of ${gatewayId}`)
    await saveCachedHistory(gatewayId, 'agent:main:main', [message(`${gatewayId}-m1`)])
    await saveCachedHistory(gatewayId, 'agent:main:dashboard:42', [message(`${gatewayId}-m2`)])
  }

  it('removes the outbox, the draft and every cached session of that gateway only', async () => {
    // "gw" is a prefix of "gw2": the other gateway must survive anyway.
    await fill('gw')
    await fill('gw2')
    await fill('other')
    await forgetChatData('gw')

    expect(await loadOutbox('gw')).toEqual([])
    expect(await loadDraft('gw')).toBe('')
    expect(await loadCachedHistory('gw', 'agent:main:main')).toEqual([])
    expect(await loadCachedHistory('gw', 'agent:main:dashboard:42')).toEqual([])

    for (const kept of ['gw2', 'other']) {
      expect(await keysOf(kept)).toEqual([`${kept}-k1`])
      expect(await loadDraft(kept)).toBe(`draft of ${kept}`)
      expect((await loadCachedHistory(kept, 'agent:main:main')).map((m) => m.id)).toEqual([`${kept}-m1`])
      expect((await loadCachedHistory(kept, 'agent:main:dashboard:42')).map((m) => m.id)).toEqual([`${kept}-m2`])
    }
  })
})
