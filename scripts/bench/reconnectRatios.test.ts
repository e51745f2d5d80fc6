import { describe, expect, it } from 'vitest'
import type { RestartRound } from './reconnect'
import { medianRatioInterval, middle, pairedToCliFloor, reconnectRatios } from './reconnectRatios'

const appRound = (floorMs: number | null, app: number | null): RestartRound => ({ kind: 'SIGKILL', floorMs, pages: { app }, downMs: 30_000 })
const deviceRound = (floorMs: number | null, deviceFloorMs: number | null): RestartRound => ({
  kind: 'SIGKILL',
  floorMs,
  deviceFloorMs,
  pages: {},
  downMs: 30_000,
})
const appTime = (round: RestartRound) => round.pages.app

describe('middle', () => {
  it('takes the middle value, or the mean of the two middle ones, whatever the order', () => {
    expect(middle([3, 1, 2])).toBe(2)
    expect(middle([4, 1, 3, 2])).toBe(2.5)
    expect(middle([])).toBeNull()
  })
})

describe('pairedToCliFloor', () => {
  it('divides each time by the CLI floor of its own restart before taking the median', () => {
    // Plain medians would say 2000 / 1500; per restart the app is 1.1, 1.2 and 1.3 times its floor.
    const rounds = [appRound(1000, 1100), appRound(1500, 1800), appRound(2000, 2600)]
    expect(pairedToCliFloor(rounds, appTime)).toBeCloseTo(1.2)
  })

  it('leaves out a restart in which either side got no hello-ok', () => {
    const rounds = [appRound(1000, 1100), appRound(null, 1800), appRound(2000, null), appRound(2000, 2600)]
    expect(pairedToCliFloor(rounds, appTime)).toBeCloseTo(1.2)
    expect(pairedToCliFloor([appRound(null, 1800)], appTime)).toBeNull()
  })
})

describe('reconnectRatios', () => {
  it('compares the app with the device-token floor through the CLI floor both ran next to', () => {
    // The device floor's restarts happen to be quicker gateway starts (CLI floor 1000 vs 2000 ms):
    // unpaired, that start-up luck counts against the app; paired, only how each client retries does.
    const app = [appRound(2000, 2400), appRound(2000, 2200), appRound(2000, 2600)]
    const device = [deviceRound(1000, 1100), deviceRound(1000, 1100), deviceRound(1000, 1100)]
    const ratios = reconnectRatios(app, device, appTime)
    expect(ratios.cliFloor).toBeCloseTo(1.2)
    expect(ratios.deviceFloor).toBeCloseTo(1.2 / 1.1)
    expect(ratios.unpaired.deviceFloor).toBeCloseTo(2400 / 1100)
    expect(ratios.unpaired.cliFloor).toBeCloseTo(1.2)
  })

  it('has no device-floor ratio when the device floor did not run or never connected', () => {
    const app = [appRound(2000, 2400)]
    expect(reconnectRatios(app, [], appTime).deviceFloor).toBeNull()
    expect(reconnectRatios(app, [deviceRound(1000, null)], appTime)).toMatchObject({ deviceFloor: null, unpaired: { deviceFloor: null } })
  })
})

describe('medianRatioInterval', () => {
  it('spans the ratio of the medians, and narrows as the restarts agree', () => {
    const app = [1.05, 1.1, 1.2, 1.3, 1.15, 1.25, 1.1, 1.2]
    const device = [1.0, 1.05, 1.1, 1.0, 1.08, 1.02, 1.1, 1.04]
    const interval = medianRatioInterval(app, device)!
    const point = middle(app)! / middle(device)!
    expect(interval.low).toBeLessThan(point)
    expect(interval.high).toBeGreaterThan(point)
    const steady = medianRatioInterval(
      app.map(() => 1.2),
      device.map(() => 1.05),
    )!
    expect(steady.low).toBeCloseTo(1.2 / 1.05)
    expect(steady.high).toBeCloseTo(1.2 / 1.05)
  })

  it('gives the same interval for the same restarts, and none from a single one', () => {
    const app = [1.1, 1.3, 1.2, 1.4]
    const device = [1.0, 1.1, 1.05]
    expect(medianRatioInterval(app, device)).toEqual(medianRatioInterval(app, device))
    expect(medianRatioInterval([1.2], device)).toBeNull()
    expect(medianRatioInterval(app, [1.0])).toBeNull()
  })

  it('is what reconnectRatios reports next to the device-floor ratio', () => {
    const app = [appRound(2000, 2400), appRound(2000, 2200), appRound(2000, 2600)]
    const device = [deviceRound(1000, 1100), deviceRound(1000, 1050), deviceRound(1000, 1150)]
    const { deviceFloor, deviceFloorInterval } = reconnectRatios(app, device, appTime)
    expect(deviceFloorInterval).toEqual(medianRatioInterval([1.2, 1.1, 1.3], [1.1, 1.05, 1.15]))
    expect(deviceFloorInterval!.low).toBeLessThanOrEqual(deviceFloor!)
    expect(deviceFloorInterval!.high).toBeGreaterThanOrEqual(deviceFloor!)
  })
})
