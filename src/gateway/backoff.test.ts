// @vitest-environment node
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BACKOFF, backoffCeiling, backoffDelay, backoffFor, LONG_OUTAGE } from './backoff'

const constant = (value: number) => () => value
const JUST_BELOW_ONE = 1 - Number.EPSILON / 2

describe('backoffCeiling', () => {
  it('starts at 300 ms, doubles per attempt and stops at 2000 ms', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((attempt) => backoffCeiling(attempt))).toEqual([300, 600, 1200, 2000, 2000, 2000, 2000])
  })

  it('treats negative attempts like the first one', () => {
    expect(backoffCeiling(-1)).toBe(300)
    expect(backoffCeiling(-1e9)).toBe(300)
  })

  it('stays finite and capped for huge attempt numbers', () => {
    for (const attempt of [31, 1_000, 1e12, Number.MAX_SAFE_INTEGER, Number.MAX_VALUE, Number.POSITIVE_INFINITY]) {
      expect(backoffCeiling(attempt)).toBe(BACKOFF.capMs)
    }
  })

  it('honours a custom schedule', () => {
    const custom = { baseMs: 100, factor: 3, capMs: 1_000 }
    expect([0, 1, 2, 3].map((attempt) => backoffCeiling(attempt, custom))).toEqual([100, 300, 900, 1000])
  })
})

describe('backoffFor', () => {
  it('caps at 2 s for the first minute of an outage, then at 5 s (never more)', () => {
    expect(backoffFor(0)).toEqual(BACKOFF)
    expect(backoffFor(LONG_OUTAGE.afterMs - 1).capMs).toBe(2_000)
    expect(backoffFor(LONG_OUTAGE.afterMs).capMs).toBe(5_000)
    expect(backoffCeiling(50, backoffFor(3_600_000))).toBe(5_000)
    // The first retry stays quick whatever the outage: only the cap moves.
    expect(backoffCeiling(0, backoffFor(3_600_000))).toBe(300)
  })
})

describe('backoffDelay', () => {
  it('retries the first time within 300 ms for any random value in [0, 1)', () => {
    for (const random of [0, 0.1, 0.5, 0.999, JUST_BELOW_ONE]) {
      const delay = backoffDelay(0, constant(random))
      expect(delay).toBeGreaterThanOrEqual(0)
      expect(delay).toBeLessThan(300)
    }
  })

  it('is full jitter: 0 at random 0 and just under the ceiling at random → 1', () => {
    expect(backoffDelay(1, constant(0))).toBe(0)
    expect(backoffDelay(1, constant(0.5))).toBe(300)
    expect(backoffDelay(1, constant(JUST_BELOW_ONE))).toBe(599)
    expect(backoffDelay(50, constant(JUST_BELOW_ONE))).toBe(1999)
  })

  it('clamps random values outside [0, 1)', () => {
    expect(backoffDelay(1, constant(-0.5))).toBe(0)
    expect(backoffDelay(1, constant(Number.NEGATIVE_INFINITY))).toBe(0)
    expect(backoffDelay(1, constant(1))).toBe(599)
    expect(backoffDelay(1, constant(7))).toBe(599)
    expect(backoffDelay(1, constant(Number.POSITIVE_INFINITY))).toBe(599)
  })

  it('never overflows for huge attempt numbers', () => {
    for (const attempt of [1e6, Number.MAX_SAFE_INTEGER, Number.POSITIVE_INFINITY]) {
      const delay = backoffDelay(attempt, constant(0.999))
      expect(Number.isFinite(delay)).toBe(true)
      expect(delay).toBeLessThan(BACKOFF.capMs)
    }
  })

  it('property: a non-negative integer below the ceiling, for any attempt and any random value', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -1_000, max: 1_000 }), fc.double({ noNaN: true })), fc.double({ noNaN: true }), (attempt, random) => {
        const delay = backoffDelay(attempt, constant(random))
        const ceiling = backoffCeiling(attempt)
        expect(Number.isInteger(delay)).toBe(true)
        expect(delay).toBeGreaterThanOrEqual(0)
        expect(delay).toBeLessThan(ceiling)
        expect(ceiling).toBeLessThanOrEqual(BACKOFF.capMs)
        expect(ceiling).toBeGreaterThanOrEqual(BACKOFF.baseMs)
      }),
      { numRuns: 2_000 },
    )
  })

  it('property: the ceiling never shrinks as attempts grow', () => {
    fc.assert(
      fc.property(fc.nat(200), fc.nat(200), (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a]
        expect(backoffCeiling(low)).toBeLessThanOrEqual(backoffCeiling(high))
      }),
    )
  })
})
