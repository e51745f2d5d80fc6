/**
 * Relative times ("in 4 min", "vor 2 Std."), in a module of their own: only screens loaded later
 * (the Requests inbox) use them, so they stay out of the chunk the first screen shares with format.ts.
 */
import { intlLocale } from './runtime'

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
]

/** "in 4 min", "vor 2 Std.": the distance from now in the largest whole unit. */
export function formatRelative(ms: number, nowMs = Date.now(), style: Intl.RelativeTimeFormatStyle = 'short'): string {
  const distance = ms - nowMs
  const [unit, size] = UNITS.find(([, unitMs]) => Math.abs(distance) >= unitMs) ?? UNITS[3]!
  return new Intl.RelativeTimeFormat(intlLocale(), { numeric: 'auto', style }).format(Math.round(distance / size), unit)
}
