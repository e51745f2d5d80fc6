// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { parseHistory } from './chatHistory'

/** Turns as openclaw 2026.9.6 returns them from chat.history. */
const userTurn = {
  role: 'user',
  content: 'first',
  timestamp: 1_737_264_000_000,
  idempotencyKey: 'k1:user',
  __openclaw: { id: '7f40c1d2', seq: 1 },
}
const reply = {
  role: 'assistant',
  content: [{ type: 'text', text: 'Echo: first' }],
  timestamp: 1_737_264_001_000,
  __openclaw: { runId: 'k1', id: '8ee9a0b1', seq: 2 },
}
const imageTurn = {
  role: 'user',
  content: 'look',
  timestamp: 1_737_264_002_000,
  idempotencyKey: 'k2:user',
  __openclaw: { id: '9aa0', seq: 3, media: [{ url: 'media://inbound/abc.png', contentType: 'image/png', kind: 'image' }] },
}

describe('parseHistory', () => {
  it('reads user turns and replies into items tagged with their input key and run id', () => {
    const parsed = parseHistory({ sessionKey: 'agent:main:main', messages: [userTurn, reply], hasMore: false })
    expect(parsed).toEqual({
      messages: [
        { id: '7f40c1d2', role: 'user', text: 'first', timestamp: 1_737_264_000_000, inputKey: 'k1' },
        { id: '8ee9a0b1', role: 'assistant', text: 'Echo: first', timestamp: 1_737_264_001_000, runId: 'k1' },
      ],
      hasMore: false,
      nextOffset: null,
      inFlightRun: null,
      pendingInputs: 0,
      isDelta: false,
    })
  })

  it('counts the images a user turn carries', () => {
    const twoImages = {
      ...imageTurn,
      __openclaw: { ...imageTurn.__openclaw, media: [...imageTurn.__openclaw.media, { url: 'media://inbound/b.jpg', contentType: 'image/jpeg' }] },
    }
    const withAudio = {
      ...imageTurn,
      idempotencyKey: 'k3:user',
      __openclaw: { id: 'x3', media: [{ url: 'media://inbound/a.ogg', contentType: 'audio/ogg', kind: 'audio' }] },
    }
    const kindOnly = { ...imageTurn, idempotencyKey: 'k4:user', __openclaw: { id: 'x4', media: [{ url: 'media://inbound/c', kind: 'image' }] } }
    const messages = parseHistory({ messages: [imageTurn, twoImages, withAudio, kindOnly, userTurn] })?.messages
    expect(messages?.map((m) => m.images)).toEqual([1, 2, undefined, 1, undefined])
  })

  it('joins the text blocks of a reply and ignores other block types', () => {
    const blocks = {
      role: 'assistant',
      content: [
        { type: 'text', text: 'a' },
        { type: 'thinking', thinking: 'hmm' },
        { type: 'text', text: 'b' },
      ],
      __openclaw: { id: 'r' },
    }
    expect(parseHistory({ messages: [blocks] })?.messages[0]?.text).toBe('ab')
  })

  it('takes the input key only from an idempotency key ending in ":user"', () => {
    const other = { ...userTurn, idempotencyKey: 'k9' }
    const messages = parseHistory({ messages: [other] })?.messages
    expect(messages?.[0]).not.toHaveProperty('inputKey')
  })

  it('skips roles the transcript does not show and entries that are not messages', () => {
    const parsed = parseHistory({
      messages: [
        { role: 'system', content: 'be nice' },
        { role: 'toolResult', content: [{ type: 'text', text: 'ls output' }] },
        userTurn,
        null,
        'a string',
        42,
        { content: 'no role' },
        { role: 7, content: 'numeric role' },
        { role: 'assistant', content: { not: 'a list' } },
        reply,
      ],
    })
    expect(parsed?.messages.map((m) => m.id)).toEqual(['7f40c1d2', '8ee9a0b1'])
  })

  it('tolerates missing optional fields: no content, no timestamp, no __openclaw', () => {
    const parsed = parseHistory({ messages: [{ role: 'user' }, { role: 'assistant', content: 'plain' }] })
    expect(parsed?.messages).toEqual([
      { id: 'h0', role: 'user', text: '', timestamp: undefined },
      { id: 'h1', role: 'assistant', text: 'plain', timestamp: undefined },
    ])
  })

  it('names a message without an id by its seq, else by its place in the session, so older pages never repeat a name', () => {
    const newest = parseHistory({
      offset: 0,
      messages: [
        { role: 'user', content: 'new' },
        { role: 'assistant', content: 'seq', __openclaw: { seq: 41 } },
      ],
    })
    const older = parseHistory({ offset: 100, messages: [{ role: 'user', content: 'old' }] })
    expect(newest?.messages.map((m) => m.id)).toEqual(['h0', 's41'])
    expect(older?.messages.map((m) => m.id)).toEqual(['h100'])
  })

  it('treats a result without messages as an empty page', () => {
    expect(parseHistory({ sessionKey: 'agent:main:main' })).toEqual({
      messages: [],
      hasMore: false,
      nextOffset: null,
      inFlightRun: null,
      pendingInputs: 0,
      isDelta: false,
    })
  })

  it.each([null, undefined, 'history', 42, true, [userTurn]])('rejects %s (not a history object)', (raw) => {
    expect(parseHistory(raw)).toBeNull()
  })

  it('rejects a result whose messages are not a list', () => {
    expect(parseHistory({ messages: 'nope' })).toBeNull()
  })

  it('passes paging on: hasMore and nextOffset', () => {
    expect(parseHistory({ messages: [], hasMore: true, nextOffset: 100 })).toMatchObject({ hasMore: true, nextOffset: 100 })
    expect(parseHistory({ messages: [], hasMore: false, nextOffset: null })).toMatchObject({ hasMore: false, nextOffset: null })
  })

  it('maps an in-flight run to its run id and buffered text', () => {
    expect(parseHistory({ messages: [], inFlightRun: { runId: 'k1', text: 'Echo: fi', startedAt: 5 } })?.inFlightRun).toEqual({ runId: 'k1', text: 'Echo: fi' })
    expect(parseHistory({ messages: [], inFlightRun: { runId: 'k1' } })?.inFlightRun).toEqual({ runId: 'k1', text: '' })
    expect(parseHistory({ messages: [], inFlightRun: null })?.inFlightRun).toBeNull()
    expect(parseHistory({ messages: [] })?.inFlightRun).toBeNull()
  })

  it('counts the messages waiting in the gateway’s queue for the session (shape as 2026.9.6 sends it)', () => {
    const queued = (runId: string) => ({ id: `p-${runId}`, acceptedAt: 1, state: 'queued', message: { role: 'user', content: 'C' }, runId })
    // A page of the queue: `total` counts more than the items listed.
    expect(parseHistory({ messages: [], pendingInputs: { items: [queued('kC'), queued('kD')], total: 3, nextBefore: 3 } })?.pendingInputs).toBe(3)
    expect(parseHistory({ messages: [], pendingInputs: { items: [queued('kC')] } })?.pendingInputs).toBe(1)
    expect(parseHistory({ messages: [], pendingInputs: { items: [], total: 0 } })?.pendingInputs).toBe(0)
    // Malformed: the page is still read, as if nothing were queued.
    expect(parseHistory({ messages: [], pendingInputs: { total: 'many' } })).toMatchObject({ messages: [], pendingInputs: 0 })
  })
})
