// @vitest-environment node
// Property tests for parseSessionList (issue #6, hostile input): any sessions.list result gives a
// list the session picker can render, newest first, one row per session key.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseSessionList } from './sessionsWire'

const json = fc.jsonValue({ maxDepth: 3 })
const mostly = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: good }, { weight: 1, arbitrary: json })
const looseRow = fc.record(
  {
    key: mostly(fc.constantFrom('agent:main:main', 'agent:main:a', 'agent:main:b', '')),
    updatedAt: mostly(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }))),
    displayName: mostly(fc.string({ maxLength: 10 })),
    label: mostly(fc.string({ maxLength: 10 })),
    lastMessagePreview: mostly(fc.string({ maxLength: 80 })),
    isMain: mostly(fc.boolean()),
    hasActiveRun: mostly(fc.boolean()),
  },
  { requiredKeys: [] },
)
const listLike = fc.oneof(
  { weight: 1, arbitrary: json },
  { weight: 4, arbitrary: fc.record({ sessions: mostly(fc.array(mostly(looseRow), { maxLength: 8 })) }, { requiredKeys: [] }) },
)

describe('parseSessionList (properties)', () => {
  it('never throws; rows are well formed, newest first, one per key', () => {
    fc.assert(
      fc.property(listLike, (raw) => {
        const rows = parseSessionList(raw)
        for (const row of rows) {
          expect(row.key).not.toBe('')
          // A title is the gateway's name or the first words, never blank; without one the UI names the row.
          if (row.title !== undefined) expect(row.title.trim()).not.toBe('')
          expect(Number.isFinite(row.updatedAt)).toBe(true)
          expect(typeof row.isMain).toBe('boolean')
          expect(typeof row.hasActiveRun).toBe('boolean')
        }
        for (let i = 1; i < rows.length; i += 1) expect(rows[i - 1]!.updatedAt).toBeGreaterThanOrEqual(rows[i]!.updatedAt)
        const keys = rows.map((row) => row.key)
        expect(new Set(keys).size).toBe(keys.length)
      }),
      { numRuns: 500 },
    )
  })

  it('valid rows come back with their names, newest first, ties in the order the gateway sent them', () => {
    const row = fc.record({
      displayName: fc.string({ minLength: 1, maxLength: 12 }).filter((name) => name.trim() !== ''),
      updatedAt: fc.integer({ min: 0, max: 5 }),
    })
    fc.assert(
      fc.property(fc.array(row, { maxLength: 10 }), (input) => {
        const sessions = input.map((r, index) => ({ key: `agent:main:s${index}`, ...r }))
        const expected = sessions
          .map((s, index) => ({ s, index }))
          .sort((a, b) => b.s.updatedAt - a.s.updatedAt || a.index - b.index)
          .map(({ s }) => ({ key: s.key, title: s.displayName, updatedAt: s.updatedAt }))
        expect(parseSessionList({ sessions }).map(({ key, title, updatedAt }) => ({ key, title, updatedAt }))).toEqual(expected)
      }),
      { numRuns: 300 },
    )
  })
})
