/**
 * Dates, times, relative times and numbers in the active locale, through Intl (the browser's own
 * data: no locale data ships with the app).
 */
import { intlLocale } from './runtime'

export { formatNumber } from './runtime'

/** A clock time (14:05, 2:05 PM), with the date too when it is not today. */
export function formatTime(ms: number, nowMs = Date.now()): string {
  const at = new Date(ms)
  const sameDay = at.toDateString() === new Date(nowMs).toDateString()
  return at.toLocaleString(intlLocale(), sameDay ? { hour: '2-digit', minute: '2-digit' } : { dateStyle: 'medium', timeStyle: 'short' })
}

/** A date and time in full, for titles and tooltips. */
export const formatDateTime = (ms: number): string => new Date(ms).toLocaleString(intlLocale(), { dateStyle: 'medium', timeStyle: 'short' })

/** A byte count for people: 512 bytes, 20 KB, 6.3 MB (with the locale's decimal sign). */
export function formatBytes(bytes: number): string {
  const unit = bytes < 1024 ? 'byte' : bytes < 1024 * 1024 ? 'kilobyte' : 'megabyte'
  const value = unit === 'byte' ? bytes : unit === 'kilobyte' ? Math.round(bytes / 1024) : Math.round(bytes / 104_857.6) / 10
  return new Intl.NumberFormat(intlLocale(), { style: 'unit', unit, unitDisplay: unit === 'byte' ? 'long' : 'short' }).format(value)
}

/** "a, b and c" in the active locale. */
export const LIST_FORMAT = (): Intl.ListFormat => new Intl.ListFormat(intlLocale(), { type: 'conjunction' })
