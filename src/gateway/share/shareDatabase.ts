/**
 * The IndexedDB database the service worker writes a share into and the page reads it from (store/databases.ts
 * lists it with the others), and the share target's path. A module of its own: the entry needs these names, and
 * nothing else of the share target (its parser and schema load with the page's share handling).
 */
export const SHARE_DATABASE = { db: 'openclaw-companion-share', store: 'shares' } as const

/** The manifest's share_target action, relative to the app's base path (vite.config.ts names the same). */
export const SHARE_PATH = 'share-target'
