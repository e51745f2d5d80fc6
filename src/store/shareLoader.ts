/**
 * Loads the share inbox (shareInbox.ts) and hands it the storage calls from here, a module of the entry, so the
 * chunk imports neither idb-keyval nor databases.ts (see quarantine.ts's setRepairImport for why that matters).
 */
import { del, set, values } from 'idb-keyval'
import { openDatabase } from './databases'
import { lazyChunk } from './lazyChunk'
import { keepAside } from './quarantine'

const inbox = lazyChunk(() => import('./shareInbox').then((module) => module.createShareInbox({ values, set, del, db: openDatabase('share'), keepAside })))

/** What other apps shared into this one (the service worker stored it): loaded when a composer opens. */
export const shareInbox = () => inbox.load()
