/**
 * Storage faults for e2e, installed before the app's first script (page.addInitScript): they act on
 * the browser's real IndexedDB, so the app meets the errors a full disk or a private mode gives.
 * Switched from the test with page.evaluate(() => window.storageFaults.…).
 */
import type { Page } from '@playwright/test'

export type StorageFaults = {
  /** Every write to the named database throws QuotaExceededError (a full disk). */
  failWrites(database: string | null): void
  /** Writes to the named database commit, but the app hears of it only on release (a slow phone). */
  holdWrites(database: string | null): void
  release(): void
  heldCount(): number
}

declare global {
  interface Window {
    storageFaults: StorageFaults
  }
}

function installStorageFaults(options: { unavailable: boolean }): void {
  if (options.unavailable) {
    // As some private modes do: the API is there, every open fails.
    IDBFactory.prototype.open = function open(): IDBOpenDBRequest {
      throw new DOMException('The user denied permission to access the database.', 'InvalidStateError')
    }
    return
  }
  let failing: string | null = null
  let holding: string | null = null
  const held: Array<() => void> = []
  window.storageFaults = {
    failWrites: (database) => {
      failing = database
    },
    holdWrites: (database) => {
      holding = database
    },
    release: () => {
      holding = null
      for (const complete of held.splice(0)) complete()
    },
    heldCount: () => held.length,
  }
  const put = IDBObjectStore.prototype.put
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    if (failing && this.transaction.db.name === failing) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    return put.apply(this, args)
  }
  const oncomplete = Object.getOwnPropertyDescriptor(IDBTransaction.prototype, 'oncomplete')!
  Object.defineProperty(IDBTransaction.prototype, 'oncomplete', {
    configurable: true,
    get() {
      return oncomplete.get!.call(this)
    },
    set(this: IDBTransaction, listener: ((event: Event) => void) | null) {
      oncomplete.set!.call(
        this,
        listener &&
          ((event: Event) => {
            if (holding && this.mode === 'readwrite' && this.db.name === holding) held.push(() => listener.call(this, event))
            else listener.call(this, event)
          }),
      )
    },
  })
}

export async function addStorageFaults(page: Page, options: { unavailable?: boolean } = {}): Promise<void> {
  await page.addInitScript(installStorageFaults, { unavailable: options.unavailable ?? false })
}

export const OUTBOX_DB = 'openclaw-companion-outbox'
