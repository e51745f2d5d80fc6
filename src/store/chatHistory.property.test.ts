// @vitest-environment node
// Property tests for parseHistory (issue #6, hostile input): whatever chat.history returns, the
// parser never throws and hands the transcript something well formed.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseHistory } from './chatHistory'

const json = fc.jsonValue({ maxDepth: 4 })
const text = fc.string({ maxLength: 20 })
/** Mostly `good`, sometimes any JSON at all. */
const mostly = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: good }, { weight: 1, arbitrary: json })
/** A message as the gateway might send it, odd fields included. */
const looseMessage = fc.record(
  {
    role: mostly(fc.constantFrom('user', 'assistant', 'system', 'tool', '')),
    content: mostly(fc.oneof(text, fc.array(fc.record({ type: fc.constantFrom('text', 'image', 'thinking'), text: fc.option(text, { nil: undefined }) })))),
    timestamp: mostly(fc.integer()),
    idempotencyKey: mostly(
      fc.oneof(
        text.map((key) => `${key}:user`),
        text,
      ),
    ),
    __openclaw: mostly(fc.record({ id: fc.constantFrom('a', 'b', 'h0', 'h1', 'h2'), runId: text }, { requiredKeys: [] })),
  },
  { requiredKeys: [] },
)
const historyLike = fc.oneof(
  { weight: 1, arbitrary: json },
  {
    weight: 4,
    arbitrary: fc.record(
      {
        messages: mostly(fc.array(mostly(looseMessage), { maxLength: 8 })),
        hasMore: mostly(fc.boolean()),
        nextOffset: mostly(fc.option(fc.integer())),
        inFlightRun: mostly(fc.record({ runId: text, text: mostly(text) }, { requiredKeys: [] })),
      },
      { requiredKeys: [] },
    ),
  },
)

describe('parseHistory (properties)', () => {
  it('never throws on arbitrary JSON, and what it returns is well formed with unique ids', () => {
    fc.assert(
      fc.property(historyLike, (raw) => {
        const parsed = parseHistory(raw)
        if (parsed === null) return
        expect(typeof parsed.hasMore).toBe('boolean')
        expect(parsed.nextOffset === null || Number.isSafeInteger(parsed.nextOffset)).toBe(true)
        if (parsed.inFlightRun) expect(parsed.inFlightRun.runId).not.toBe('')
        for (const message of parsed.messages) {
          expect(['user', 'assistant']).toContain(message.role)
          expect(typeof message.text).toBe('string')
          expect(typeof message.id).toBe('string')
        }
        // The transcript keys items by id: two items with one id would render (and merge) as one.
        const ids = parsed.messages.map((message) => message.id)
        expect(new Set(ids).size).toBe(ids.length)
      }),
      { numRuns: 500 },
    )
  })

  it('keeps the order and the text of every user turn and reply', () => {
    const turn = fc.record({
      role: fc.constantFrom('user', 'assistant'),
      text: fc.string({ maxLength: 30 }),
      asBlocks: fc.boolean(),
      id: fc.option(fc.constantFrom('m1', 'm2', 'm3', 'm4'), { nil: undefined }),
    })
    fc.assert(
      fc.property(fc.array(turn, { maxLength: 12 }), fc.array(json, { maxLength: 3 }), (turns, noise) => {
        const messages = turns.map(({ role, text, asBlocks, id }) => ({
          role,
          content: asBlocks ? [{ type: 'text', text }] : text,
          ...(id ? { __openclaw: { id } } : {}),
        }))
        // Entries that are not user turns or replies (tool output, garbage) are skipped, not fatal.
        const withNoise = [...noise.map((entry) => ({ role: 'tool', content: entry })), ...messages]
        const parsed = parseHistory({ messages: withNoise })
        expect(parsed?.messages.map(({ role, text }) => ({ role, text }))).toEqual(turns.map(({ role, text }) => ({ role, text })))
        // Ids the gateway gave are kept where they are unique.
        const given = turns.map((t) => t.id)
        parsed?.messages.forEach((message, index) => {
          const id = given[index]
          if (id && given.indexOf(id) === index) expect(message.id).toBe(id)
        })
      }),
      { numRuns: 300 },
    )
  })
})
