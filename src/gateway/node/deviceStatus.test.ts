// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest'
import { deviceStatusHandler } from './deviceStatus'
import { baseApis, context } from './testing/fakeBrowser'

afterEach(() => vi.useRealTimers())

describe('device.status', () => {
  it('reports battery, network and visibility where the browser has them', async () => {
    const apis = baseApis({
      battery: async () => ({ level: 0.42, charging: true, chargingTimeS: 1200, dischargingTimeS: null }),
      network: () => ({ online: true, effectiveType: '4g', downlinkMbps: 10, rttMs: 50 }),
      isVisible: () => false,
    })
    await expect(deviceStatusHandler(apis)({}, context())).resolves.toEqual({
      battery: { level: 0.42, state: 'charging', chargingTimeS: 1200, dischargingTimeS: null },
      network: { status: 'satisfied', online: true, effectiveType: '4g', downlinkMbps: 10, rttMs: 50 },
      visibility: 'hidden',
    })
  })

  it('says battery: null where the browser has no Battery API, and unsatisfied when offline', async () => {
    const apis = baseApis({ network: () => ({ online: false }) })
    await expect(deviceStatusHandler(apis)({}, context())).resolves.toEqual({
      battery: null,
      network: { status: 'unsatisfied', online: false },
      visibility: 'visible',
    })
  })

  it('leaves out a battery reading that hangs instead of holding up the answer', async () => {
    vi.useFakeTimers()
    const apis = baseApis({ battery: () => new Promise(() => {}) })
    let payload: unknown
    void deviceStatusHandler(apis)({}, context(10_000)).then((value) => (payload = value))
    await vi.advanceTimersByTimeAsync(2_000)
    expect(payload).toMatchObject({ battery: null })
  })

  it('a battery reading that fails counts as unavailable', async () => {
    const apis = baseApis({ battery: () => Promise.reject(new Error('blocked by permissions policy')) })
    await expect(deviceStatusHandler(apis)({}, context())).resolves.toMatchObject({ battery: null })
  })
})
