import { describe, expect, it } from 'vitest'
import { historyItems, withoutDelivered, type ChatItem } from './chatItems'
import type { CachedMessage } from './chatStorage'
import { untaggedMatcher } from './untaggedHistory'

describe('history from a gateway that tags no turn (2026.5.12)', () => {
  it('lets a settled live item give way to the untagged history copy with its text, each copy once', () => {
    // chat.history of 2026.5.12: user turns without idempotencyKey, replies without runId.
    const messages: CachedMessage[] = [
      { id: 'a1', role: 'user', text: 'dup test' },
      { id: 'a2', role: 'assistant', text: 'Echo: dup test' },
    ]
    const live: ChatItem[] = [
      { kind: 'user', id: 'k1', text: 'dup test', state: 'sent' },
      { kind: 'reply', id: 'run:k1', runId: 'k1', text: 'Echo: dup test', state: 'final' },
      { kind: 'user', id: 'k2', text: 'dup test', state: 'sent' },
      { kind: 'user', id: 'k3', text: 'waiting', state: 'queued' },
    ]
    // Without the matcher both copies would stand: the live ones match nothing in history.
    expect(withoutDelivered(live, historyItems(messages)).map((item) => item.id)).toEqual(['k1', 'run:k1', 'k2', 'k3'])
    // The second "dup test" is not in history yet (one copy there, taken once); a queued item never matches by text.
    expect(withoutDelivered(untaggedMatcher(messages, live), historyItems(messages)).map((item) => item.id)).toEqual(['k2', 'k3'])
  })

  it('never matches by text against tagged turns, or a streaming reply', () => {
    const messages: CachedMessage[] = [
      { id: 'h1', role: 'user', text: 'same', inputKey: 'other-device' },
      { id: 'h2', role: 'assistant', text: 'Echo', runId: 'other-run' },
    ]
    const streaming: ChatItem = { kind: 'reply', id: 'run:x', runId: 'x', text: 'Echo', state: 'streaming' }
    expect(untaggedMatcher([{ id: 'h3', role: 'assistant', text: 'Echo' }], [streaming])).toEqual([streaming])
    const sent: ChatItem = { kind: 'user', id: 'k9', text: 'same', state: 'sent' }
    expect(untaggedMatcher(messages, [sent])).toEqual([sent])
  })
})
