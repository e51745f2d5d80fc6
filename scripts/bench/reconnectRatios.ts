/**
 * How the reconnect target is judged. A gateway's start-up time moves by ±25% from one restart to the
 * next (the CLI floor went from 1.3 s to 2.2 s within one run), more than the 15% margin the target
 * allows, and the device-token floor never shares a restart with this app. So each time is first
 * divided by the CLI floor's time in the same restart (the CLI floor runs in every restart), and only
 * these per-restart ratios are compared: app ÷ device-token floor = median(app ÷ CLI) ÷ median(device ÷ CLI).
 * Ratios of the plain medians (unpaired) are kept for comparison.
 */
import { seededRandom } from '../../harness/chaosProxy'
import type { RestartRound } from './reconnect'

/** The median, unrounded. */
export function middle(values: number[]): number | null {
  if (!values.length) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const isTime = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0

/** Each restart's time ÷ the CLI floor's time in it; restarts missing either are left out. */
function perRestart(rounds: RestartRound[], time: (round: RestartRound) => number | null | undefined): number[] {
  return rounds.flatMap((round) => {
    const value = time(round)
    return isTime(value) && isTime(round.floorMs) ? [value / round.floorMs] : []
  })
}

/** Median over the restarts of time ÷ the CLI floor's time in that restart. */
export function pairedToCliFloor(rounds: RestartRound[], time: (round: RestartRound) => number | null | undefined): number | null {
  return middle(perRestart(rounds, time))
}

export type ReconnectRatios = {
  /** app ÷ device-token floor, each through its ratio to the CLI floor of its own restarts. */
  deviceFloor: number | null
  /** Where 90% of `deviceFloor` falls when the restarts are resampled (null with fewer than 2 of either). */
  deviceFloorInterval: Interval | null
  /** app ÷ CLI floor, per restart. */
  cliFloor: number | null
  /** The same two as ratios of the plain medians of ms, not paired by restart. */
  unpaired: { deviceFloor: number | null; cliFloor: number | null }
}

const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b)
const times = (values: Array<number | null | undefined>) => values.filter(isTime)

export type Interval = { low: number; high: number }

/**
 * Percentile bootstrap of median(a) ÷ median(b): both samples resampled with replacement, the 5th
 * and 95th percentiles of the ratio kept (seeded: the same restarts give the same interval). With
 * 5–10 restarts a side, whose gateway start-ups differ by ±25%, one run's median ratio moves by
 * about ±0.1; the interval says how far that figure can be trusted.
 */
export function medianRatioInterval(a: number[], b: number[], resamples = 2000, random = seededRandom(0x5eed)): Interval | null {
  if (a.length < 2 || b.length < 2) return null
  const pick = (values: number[]) => values.map(() => values[Math.floor(random() * values.length)]!)
  const ratios = Array.from({ length: resamples }, () => middle(pick(a))! / middle(pick(b))!).sort((x, y) => x - y)
  return { low: ratios[Math.floor(0.05 * (resamples - 1))]!, high: ratios[Math.ceil(0.95 * (resamples - 1))]! }
}

/**
 * `appRounds` are the restarts the app took part in (`time` picks its ms), `deviceRounds` the
 * device-token floor's own restarts.
 */
export function reconnectRatios(
  appRounds: RestartRound[],
  deviceRounds: RestartRound[],
  time: (round: RestartRound) => number | null | undefined,
): ReconnectRatios {
  const appToCli = perRestart(appRounds, time)
  const deviceToCli = perRestart(deviceRounds, (round) => round.deviceFloorMs)
  const appMedian = middle(times(appRounds.map(time)))
  return {
    deviceFloor: ratio(middle(appToCli), middle(deviceToCli)),
    deviceFloorInterval: medianRatioInterval(appToCli, deviceToCli),
    cliFloor: middle(appToCli),
    unpaired: {
      deviceFloor: ratio(appMedian, middle(times(deviceRounds.map((round) => round.deviceFloorMs)))),
      cliFloor: ratio(appMedian, middle(times(appRounds.map((round) => round.floorMs)))),
    },
  }
}
