/**
 * Where the store reports what it dropped. Only the kind of record and zod's issue paths and
 * messages are reported — never the record itself, which may hold a token.
 */
import type { core } from 'zod/mini'

export type StoreDiagnostic = { kind: 'dropped-record'; record: string; issues: string[] }

const listeners = new Set<(diagnostic: StoreDiagnostic) => void>()

export function onStoreDiagnostic(listener: (diagnostic: StoreDiagnostic) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function reportDroppedRecord(record: string, error: core.$ZodError): void {
  const issues = error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
  for (const listener of listeners) listener({ kind: 'dropped-record', record, issues })
}
