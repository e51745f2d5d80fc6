// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { BACKOFF, LONG_OUTAGE } from './backoff'
import { MAX_RETRY_AFTER_MS, PREOPEN_LEAD_MS, ReconnectSchedule } from './reconnectSchedule'

const JUST_BELOW_ONE = 1 - Number.EPSILON / 2

function scheduleAt(startMs = 0, random = () => JUST_BELOW_ONE) {
  const clock = { ms: startMs }
  return { clock, schedule: new ReconnectSchedule(() => clock.ms, random) }
}

describe('ReconnectSchedule', () => {
  it('backs off further with each attempt, up to the cap, and counts the attempts', () => {
    const { schedule } = scheduleAt()
    const waits = [0, 1, 2, 3, 4].map(() => schedule.next({}).retryInMs)
    expect(waits).toEqual([299, 599, 1199, BACKOFF.capMs - 1, BACKOFF.capMs - 1])
    expect(schedule.attempt).toBe(5)
  })

  it('takes the longer cap once the link has been down for a long outage', () => {
    const { clock, schedule } = scheduleAt()
    for (let i = 0; i < 6; i += 1) schedule.next({})
    clock.ms += LONG_OUTAGE.afterMs
    expect(schedule.next({}).retryInMs).toBe(LONG_OUTAGE.capMs - 1)
  })

  it("follows a restart's retryAfterMs instead of the backoff, opening the socket only then", () => {
    const { schedule } = scheduleAt()
    expect(schedule.next({ retryAfterMs: 4_000 })).toEqual({ retryInMs: 4_000, openInMs: 4_000 })
    expect(schedule.connectHoldMs()).toBe(0)
  })

  it('opens the socket ahead of a connectAfterMs but holds the connect until it ends', () => {
    const { clock, schedule } = scheduleAt(1_000)
    expect(schedule.next({ connectAfterMs: 500 })).toEqual({ retryInMs: 500, openInMs: 0 })
    expect(schedule.next({ connectAfterMs: 10_000 })).toEqual({ retryInMs: 10_000, openInMs: 10_000 - PREOPEN_LEAD_MS })
    clock.ms += 9_000
    expect(schedule.connectHoldMs()).toBe(1_000)
    clock.ms += 1_000
    expect(schedule.connectHoldMs()).toBe(0)
  })

  it('caps an absurd hint', () => {
    const { schedule } = scheduleAt()
    expect(schedule.next({ retryAfterMs: 1e300 }).retryInMs).toBe(MAX_RETRY_AFTER_MS)
  })

  it('drops the hold when the user asks to retry, and starts over once connected', () => {
    const { schedule } = scheduleAt()
    schedule.next({ connectAfterMs: 500 })
    schedule.dropHold()
    expect(schedule.connectHoldMs()).toBe(0)
    for (let i = 0; i < 4; i += 1) schedule.next({ connectAfterMs: 500 })
    schedule.reset()
    expect(schedule.connectHoldMs()).toBe(0)
    expect(schedule.attempt).toBe(0)
    expect(schedule.next({}).retryInMs).toBe(BACKOFF.baseMs - 1)
  })
})
