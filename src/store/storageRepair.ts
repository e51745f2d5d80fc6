/**
 * The storage's repair work, a chunk of its own (quarantine.ts loads it when needed): most starts
 * find nothing to repair, and the first screen must not pay for it.
 *
 * Records the app cannot read are kept aside here instead of deleted: a newer or damaged record may
 * still hold a queued message or a key someone can recover. Each is stored with the gateway it
 * belongs to (so Forget removes it too), where it came from and why it did not parse.
 */
import type { delMany, keys, set, UseStore } from 'idb-keyval'
import type { core } from 'zod/mini'
import type { DatabaseName } from './databases'
import { issuesOf, reportStoreDiagnostic } from './diagnostics'

/**
 * The storage calls this chunk makes, handed over by quarantine.ts. NOTE: imported here instead,
 * idb-keyval and databases.ts (which the first screen has anyway) were split by the bundler out of
 * the entry into a chunk of their own (see setRepairImport in quarantine.ts).
 */
export type StorageTools = {
  set: typeof set
  keys: typeof keys
  delMany: typeof delMany
  openDatabase: (name: DatabaseName) => UseStore
  databaseNames: readonly DatabaseName[]
}

/** The gateway a quarantined record (or any record keyed `<gatewayId>\0…`) belongs to. */
export const gatewayOfKey = (key: IDBValidKey): string | null => (typeof key === 'string' ? (key.split('\u0000')[0] ?? null) : null)

const quarantineKey = (gatewayId: string, record: string) => `${gatewayId}\u0000${record}\u0000${Date.now()}\u0000${Math.random().toString(36).slice(2)}`

export function createStorageRepair({ set, keys, delMany, openDatabase, databaseNames }: StorageTools) {
  const quarantineDb = openDatabase('quarantine')
  /** Databases whose keys are `<gatewayId>` or start with `<gatewayId>\0`. */
  // A share (keyed by its own id) belongs to no gateway until a message takes it: never an orphan.
  const perGateway = databaseNames.filter((name) => name !== 'gateways' && name !== 'meta' && name !== 'share')

  return {
    /**
     * Copies an unreadable record into the quarantine database, then runs `remove` (which takes it out
     * of its own database). When the copy cannot be written, nothing is removed: it stays where it was.
     */
    async keepAside(record: string, gatewayId: string, raw: unknown, error: core.$ZodError, remove: () => Promise<void>): Promise<void> {
      const issues = issuesOf(error)
      try {
        await set(quarantineKey(gatewayId, record), { v: 1, record, gatewayId, issues, keptAtMs: Date.now(), raw }, quarantineDb)
      } catch {
        reportStoreDiagnostic({ kind: 'unreadable-record', record, issues })
        return
      }
      await remove()
      reportStoreDiagnostic({ kind: 'quarantined-record', record, issues })
    },

    /** Deletes every record kept aside for the gateway. */
    async forgetQuarantined(gatewayId: string): Promise<void> {
      const mine = (await keys(quarantineDb)).filter((key) => gatewayOfKey(key) === gatewayId)
      await delMany(mine, quarantineDb)
    },

    /**
     * Deletes every record that belongs to no saved gateway (a forget cut short by a crash or a closed
     * tab left it). Call with the gateways just loaded, before anything else writes.
     */
    async sweepOrphans(gatewayIds: readonly string[]): Promise<void> {
      const known = new Set(gatewayIds)
      for (const name of perGateway) {
        const db = openDatabase(name)
        const orphans = (await keys(db)).filter((key) => {
          const owner = gatewayOfKey(key)
          return owner !== null && !known.has(owner)
        })
        if (orphans.length === 0) continue
        await delMany(orphans, db)
        reportStoreDiagnostic({ kind: 'swept-orphans', record: name, issues: [], count: orphans.length })
      }
    },
  }
}
