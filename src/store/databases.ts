/**
 * Every IndexedDB database the app keeps, in one place: one database with one object store per
 * concern (idb-keyval's createStore), so each can be versioned, wiped or inspected on its own. The
 * storage modules open them from here; the test kit opens the same ones by these names.
 */
import { createStore, type UseStore } from 'idb-keyval'
import { PUSH_DATABASE } from '../gateway/push'
import { SHARE_DATABASE } from '../gateway/share/shareDatabase'

export const DATABASES = {
  gateways: { db: 'openclaw-companion-gateways', store: 'gateways' },
  secrets: { db: 'openclaw-companion-secrets', store: 'secrets' },
  identities: { db: 'openclaw-companion-identities', store: 'identities' },
  outbox: { db: 'openclaw-companion-outbox', store: 'outbox' },
  drafts: { db: 'openclaw-companion-drafts', store: 'drafts' },
  history: { db: 'openclaw-companion-history', store: 'history' },
  /** Records the app could not read, kept aside instead of deleted (quarantine.ts). */
  quarantine: { db: 'openclaw-companion-quarantine', store: 'quarantine' },
  /** The storage schema version the data was written with (storageHealth.ts). */
  meta: { db: 'openclaw-companion-meta', store: 'meta' },
  /** Per gateway, what its notifications need; the service worker reads it too (gateway/push/pushRegistry.ts). */
  push: PUSH_DATABASE,
  /** What other apps shared into this one, written by the service worker (gateway/share), until a message takes it. */
  share: SHARE_DATABASE,
} as const

export type DatabaseName = keyof typeof DATABASES

/**
 * A database by its name here, opened on first use. NOTE: idb-keyval's createStore opens at once, and
 * where IndexedDB is missing or refuses (some private modes) that threw while the modules loaded: the
 * app never started and showed nothing. Opened lazily, every read and write rejects instead, which
 * the boot turns into a screen that says why.
 */
export function openDatabase(name: DatabaseName): UseStore {
  const { db, store } = DATABASES[name]
  let opened: UseStore | undefined
  return (mode, callback) => {
    try {
      opened ??= createStore(db, store)
    } catch (error) {
      return Promise.reject(error)
    }
    return opened(mode, callback)
  }
}
