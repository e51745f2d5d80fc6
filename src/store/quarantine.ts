/**
 * The storage's repair work as the rest of the store calls it: keeping unreadable records aside,
 * deleting a forgotten gateway's kept records, sweeping records of no saved gateway. The work itself
 * is in storageRepair.ts, a chunk loaded on first use.
 */
import { delMany, keys, set } from 'idb-keyval'
import type { core } from 'zod/mini'
import { DATABASES, type DatabaseName, openDatabase } from './databases'
import { lazyChunk } from './lazyChunk'

type RepairModule = typeof import('./storageRepair')

let importRepair: () => Promise<RepairModule> = () => Promise.reject(new Error('the storage repair chunk is not set up (setRepairImport)'))

/**
 * Where the repair chunk comes from: the store says (storageSlice.ts), and the test setup for tests
 * without a store. NOTE: an import() in this module (which the lazy node chunk also reaches) made
 * the bundler move Vite's preload helper out of the entry into a chunk of its own, and the chunk's
 * own imports of idb-keyval and databases.ts moved those out too (storageRepair.ts takes them from
 * here instead): 1.7 KB more on every first screen.
 */
export function setRepairImport(load: () => Promise<RepairModule>): void {
  importRepair = load
}

const repair = lazyChunk(() =>
  importRepair().then((module) => module.createStorageRepair({ set, keys, delMany, openDatabase, databaseNames: Object.keys(DATABASES) as DatabaseName[] })),
)

/** Copies an unreadable record into the quarantine database, then runs `remove`; keeps it in place when the copy fails. */
export const keepAside = (record: string, gatewayId: string, raw: unknown, error: core.$ZodError, remove: () => Promise<void>): Promise<void> =>
  repair.load().then((module) => module.keepAside(record, gatewayId, raw, error, remove))

/** Deletes every record kept aside for the gateway. */
export const forgetQuarantined = (gatewayId: string): Promise<void> => repair.load().then((module) => module.forgetQuarantined(gatewayId))

/** Deletes every record of no saved gateway (see storageRepair.ts). */
export const sweepOrphans = (gatewayIds: readonly string[]): Promise<void> => repair.load().then((module) => module.sweepOrphans(gatewayIds))
