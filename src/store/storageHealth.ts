/**
 * Whether the device's storage can be used, and with which schema: checked before anything is read.
 * The schema version the data was written with is stored; code older than its data stops before
 * its first write (it would strip or wipe what it does not know) and asks for a reload instead.
 */
import { get, set, type UseStore } from 'idb-keyval'
import { openDatabase } from './databases'

/** Bump when a stored record's shape changes in a way older code cannot read. */
export const STORAGE_SCHEMA_VERSION = 1

/** `unavailable.detail`: the browser's own words for the refusal; null when it has no IndexedDB at all. */
export type StorageHealth = { kind: 'ok' } | { kind: 'unavailable'; detail: string | null } | { kind: 'newer'; stored: number; supported: number }

const metaDb: UseStore = openDatabase('meta')
const SCHEMA_KEY = 'schema'

export function unavailableDetail(error: unknown): string | null {
  if (typeof indexedDB === 'undefined') return null
  if (error instanceof Error || error instanceof DOMException) return error.message ? `${error.name}: ${error.message}` : error.name
  return String(error)
}

export async function checkStorage(): Promise<StorageHealth> {
  try {
    const raw = (await get(SCHEMA_KEY, metaDb)) as { v?: unknown } | undefined
    const stored = typeof raw?.v === 'number' ? raw.v : undefined
    if (stored !== undefined && stored > STORAGE_SCHEMA_VERSION) return { kind: 'newer', stored, supported: STORAGE_SCHEMA_VERSION }
    if (stored !== STORAGE_SCHEMA_VERSION) await set(SCHEMA_KEY, { v: STORAGE_SCHEMA_VERSION, writtenAtMs: Date.now() }, metaDb)
    return { kind: 'ok' }
  } catch (error) {
    return { kind: 'unavailable', detail: unavailableDetail(error) }
  }
}
