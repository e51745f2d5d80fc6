/**
 * The device's storage as the user sees it: whether it works (the boot checks before reading), the
 * problems found in its data (the Diagnostics panel), whether the browser agreed to keep it, and
 * what to do on the gateway after a Forget.
 */
import type { StateCreator } from 'zustand/vanilla'
import { onStoreDiagnostic, storeDiagnostics, type StoreDiagnostic } from './diagnostics'
import { setRepairImport } from './quarantine'
import { checkStorage, type StorageHealth } from './storageHealth'
import type { AppState, StoreDeps } from './store'

/** `navigator.storage`, or the part of it the app uses. */
export type PersistentStorage = { persisted(): Promise<boolean>; persist(): Promise<boolean> }

/** Said after a Forget: the gateway still lists this device until it is removed there too. */
export type ForgottenGateway = { label: string; deviceId: string | null }

export type StorageSlice = {
  storage: {
    /** null until the boot has checked. */
    health: StorageHealth | null
    problems: readonly StoreDiagnostic[]
    /** Whether the browser keeps the app's storage under pressure; null: not known (not asked, or no API). */
    persisted: boolean | null
    lastForgotten: ForgottenGateway | null
  }
  checkStorage(): Promise<StorageHealth>
  /** Reads whether the browser keeps the storage (Diagnostics asks when it opens). */
  refreshPersisted(): Promise<void>
  /** Asks the browser to keep the app's storage (once a gateway is paired; a no-op once granted). */
  askToPersist(): Promise<void>
  dismissForgotten(): void
}

// The repair chunk's import sits here, in a module only the entry reaches (see setRepairImport).
setRepairImport(() => import('./storageRepair'))

export const createStorageSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], StorageSlice> =>
  (set, get) => {
    const patch = (change: Partial<StorageSlice['storage']>) => set({ storage: { ...get().storage, ...change } })
    onStoreDiagnostic(() => patch({ problems: [...storeDiagnostics()] }))
    return {
      storage: { health: null, problems: [...storeDiagnostics()], persisted: null, lastForgotten: null },

      async checkStorage() {
        const health = await checkStorage()
        patch({ health })
        return health
      },

      async refreshPersisted() {
        const persisted = await deps.persistentStorage?.persisted().catch(() => null)
        if (persisted !== undefined && persisted !== null) patch({ persisted })
      },

      async askToPersist() {
        const storage = deps.persistentStorage
        if (!storage || get().storage.persisted) return
        const persisted = await storage.persist().catch(() => false)
        patch({ persisted })
      },

      dismissForgotten: () => patch({ lastForgotten: null }),
    }
  }
