/**
 * How the reconnect target is judged. A gateway's start-up time moves by ±25% from one restart to the
 * next (the CLI floor went from 1.3 s to 2.2 s within one run), more than the 15% margin the target
 * allows, and the device-token floor never shares a restart with this app. So each time is first
 * divided by the CLI floor's time in the same restart (the CLI floor runs in every restart), and only
 * these per-restart ratios are compared: app ÷ device-token floor = median(app ÷ CLI) ÷ median(device ÷ CLI).
 * Ratios of the plain medians (unpaired) are kept for comparison.
 */
import type { RestartRound } from './reconnect'

/** The median, unrounded. */
export function middle(values: number[]): number | null {
  if (!values.length) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const isTime = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0

/** Median over the restarts of time ÷ the CLI floor's time in that restart; restarts missing either are left out. */
export function pairedToCliFloor(rounds: RestartRound[], time: (round: RestartRound) => number | null | undefined): number | null {
  return middle(rounds.flatMap((round) => {
    const value = time(round)
    return isTime(value) && isTime(round.floorMs) ? [value / round.floorMs] : []
  }))
}

export type ReconnectRatios = {
  /** app ÷ device-token floor, each through its ratio to the CLI floor of its own restarts. */
  deviceFloor: number | null
  /** app ÷ CLI floor, per restart. */
  cliFloor: number | null
  /** The same two as ratios of the plain medians of ms, not paired by restart. */
  unpaired: { deviceFloor: number | null; cliFloor: number | null }
}

const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b)
const times = (values: Array<number | null | undefined>) => values.filter(isTime)

/**
 * `appRounds` are the restarts the app took part in (`time` picks its ms), `deviceRounds` the
 * device-token floor's own restarts.
 */
export function reconnectRatios(appRounds: RestartRound[], deviceRounds: RestartRound[], time: (round: RestartRound) => number | null | undefined): ReconnectRatios {
  const appToCli = pairedToCliFloor(appRounds, time)
  const deviceToCli = pairedToCliFloor(deviceRounds, (round) => round.deviceFloorMs)
  const appMedian = middle(times(appRounds.map(time)))
  return {
    deviceFloor: ratio(appToCli, deviceToCli),
    cliFloor: appToCli,
    unpaired: {
      deviceFloor: ratio(appMedian, middle(times(deviceRounds.map((round) => round.deviceFloorMs)))),
      cliFloor: ratio(appMedian, middle(times(appRounds.map((round) => round.floorMs)))),
    },
  }
}
