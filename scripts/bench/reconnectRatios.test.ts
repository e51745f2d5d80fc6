import { describe, expect, it } from 'vitest'
import type { RestartRound } from './reconnect'
import { middle, pairedToCliFloor, reconnectRatios } from './reconnectRatios'

const appRound = (floorMs: number | null, app: number | null): RestartRound => ({ kind: 'SIGKILL', floorMs, pages: { app }, downMs: 30_000 })
const deviceRound = (floorMs: number | null, deviceFloorMs: number | null): RestartRound => ({ kind: 'SIGKILL', floorMs, deviceFloorMs, pages: {}, downMs: 30_000 })
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
