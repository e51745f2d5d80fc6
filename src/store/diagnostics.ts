/**
 * Where the store reports what it found wrong with the device's data, and the list the Diagnostics
 * panel shows. Only the kind of record, which database, and zod's issue paths and messages are
 * reported — never the record itself, which may hold a token.
 */
import type { core } from 'zod/mini'

/**
 * `quarantined-record`: unreadable, moved to the quarantine database (kept, not deleted).
 * `unreadable-record`: unreadable and could not even be kept aside: left where it was.
 * `swept-orphans`: records with no saved gateway behind them (a forget cut short), deleted at start-up.
 */
export type StoreDiagnostic = {
  kind: 'dropped-record' | 'quarantined-record' | 'unreadable-record' | 'swept-orphans'
  /** Which kind of record (`outbox entry`, `identity`, …) or, for `swept-orphans`, which database. */
  record: string
  /** zod's issue paths and messages (technical detail, not translated). */
  issues: string[]
  /** `swept-orphans`: how many records were removed. */
  count?: number
}

const listeners = new Set<(diagnostic: StoreDiagnostic) => void>()
const found: StoreDiagnostic[] = []
const KEEP_AT_MOST = 50

export function onStoreDiagnostic(listener: (diagnostic: StoreDiagnostic) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** What was found since the app started, oldest first. */
export function storeDiagnostics(): readonly StoreDiagnostic[] {
  return found
}

export function issuesOf(error: core.$ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
}

export function reportStoreDiagnostic(diagnostic: StoreDiagnostic): void {
  found.push(diagnostic)
  if (found.length > KEEP_AT_MOST) found.shift()
  for (const listener of listeners) listener(diagnostic)
}

export function reportDroppedRecord(record: string, error: core.$ZodError): void {
  reportStoreDiagnostic({ kind: 'dropped-record', record, issues: issuesOf(error) })
}
