import { describe, expect, it } from 'vitest'
import { deliveredAsCached, historyItems, outboxItem, withoutDelivered, type ChatItem } from './chatItems'
import type { OutboxEntry } from './chatStorage'

describe('chat items', () => {
  it('history turns become answered messages (by their input key) and final replies', () => {
    expect(
      historyItems([
        { id: 'h1', role: 'user', text: 'hi', inputKey: 'k1', images: 2 },
        { id: 'h2', role: 'assistant', text: 'Echo: hi', runId: 'k1' },
      ]),
    ).toEqual([
      { kind: 'user', id: 'k1', text: 'hi', state: 'answered', imageCount: 2 },
      { kind: 'reply', id: 'h2', runId: 'k1', text: 'Echo: hi', state: 'final' },
    ])
  })

  it('an outbox entry shows queued, or failed with its reason, with its images as data URLs', () => {
    const entry: OutboxEntry = {
      idempotencyKey: 'k1',
      sessionKey: 's',
      text: 'hi',
      createdAtMs: 1,
      attempts: 0,
      state: 'pending',
      attachments: [{ mimeType: 'image/png', fileName: 'a.png', origin: 'file', content: 'QUJD', sizeBytes: 3 }],
    }
    expect(outboxItem(entry)).toEqual({
      kind: 'user',
      id: 'k1',
      text: 'hi',
      state: 'queued',
      error: undefined,
      images: [{ src: 'data:image/png;base64,QUJD', name: 'a.png' }],
    })
    expect(outboxItem({ ...entry, state: 'failed', error: 'too big', attachments: [] })).toMatchObject({ state: 'failed', error: 'too big' })
    // A file that is not an image is sent, but not drawn as a (broken) picture.
    const pdf = { mimeType: 'application/pdf', fileName: 'plan.pdf', origin: 'file' as const, content: 'JVBERi0=', sizeBytes: 5 }
    expect(outboxItem({ ...entry, attachments: [pdf] }).images).toBeUndefined()
    expect(outboxItem({ ...entry, attachments: [pdf, ...entry.attachments] }).images).toEqual([{ src: 'data:image/png;base64,QUJD', name: 'a.png' }])
  })

  it('live items that history now holds give way to it; the rest stay', () => {
    const live: ChatItem[] = [
      { kind: 'user', id: 'k1', text: 'one', state: 'sent' },
      { kind: 'reply', id: 'run:k1', runId: 'k1', text: 'Echo: one', state: 'final' },
      { kind: 'user', id: 'k2', text: 'two', state: 'queued' },
      { kind: 'reply', id: 'run:k2', runId: 'k2', text: 'Ec', state: 'streaming' },
    ]
    const history = historyItems([
      { id: 'h1', role: 'user', text: 'one', inputKey: 'k1' },
      { id: 'h2', role: 'assistant', text: 'Echo: one', runId: 'k1' },
    ])
    expect(withoutDelivered(live, history).map((item) => item.id)).toEqual(['k2', 'run:k2'])
  })

  it('settled live items older than the history shown give way too; unsettled ones and those after it stay', () => {
    const user = (id: string, state: Extract<ChatItem, { kind: 'user' }>['state']): ChatItem => ({ kind: 'user', id, text: id, state })
    const reply = (runId: string, state: Extract<ChatItem, { kind: 'reply' }>['state']): ChatItem => ({
      kind: 'reply',
      id: `run:${runId}`,
      runId,
      text: runId,
      state,
    })
    // A burst of sends longer than the newest page: the page holds only the last exchange but one.
    const live: ChatItem[] = [
      user('k1', 'answered'),
      reply('k1', 'final'),
      user('k2', 'failed'),
      reply('k3', 'aborted'),
      user('k4', 'answered'),
      reply('k4', 'final'),
      user('k5', 'answered'),
      reply('k5', 'final'),
      user('k6', 'queued'),
    ]
    const page = historyItems([
      { id: 'h7', role: 'user', text: 'k4', inputKey: 'k4' },
      { id: 'h8', role: 'assistant', text: 'k4', runId: 'k4' },
    ])
    expect(withoutDelivered(live, page).map((item) => item.id)).toEqual(['k2', 'k5', 'run:k5', 'k6'])
    // Nothing of it in history yet: everything stays.
    expect(withoutDelivered(live, [])).toEqual(live)
  })

  it('only settled live items go to the offline cache: sent or answered messages, replies no longer streaming', () => {
    const live: ChatItem[] = [
      { kind: 'user', id: 'k1', text: 'one', state: 'answered', imageCount: 1 },
      { kind: 'user', id: 'k2', text: 'two', state: 'sending' },
      { kind: 'reply', id: 'run:k1', runId: 'k1', text: 'Echo: one', state: 'final' },
      { kind: 'reply', id: 'run:k2', runId: 'k2', text: 'Ec', state: 'streaming' },
    ]
    expect(deliveredAsCached(live)).toEqual([
      { id: 'k1', role: 'user', text: 'one', inputKey: 'k1', images: 1 },
      { id: 'run:k1', role: 'assistant', text: 'Echo: one', runId: 'k1' },
    ])
  })
})
