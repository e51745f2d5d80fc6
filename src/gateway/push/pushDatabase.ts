/**
 * The IndexedDB database the app and its service worker share for push (store/databases.ts lists it
 * with the others). A module of its own: the entry needs this name, and nothing else of push.
 */
export const PUSH_DATABASE = { db: 'openclaw-companion-push', store: 'gateways' } as const
