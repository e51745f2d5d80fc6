// Unit and integration tests run in Node; fake-indexeddb gives idb-keyval a real IndexedDB there.
import 'fake-indexeddb/auto'

// Tests that use the storage modules without a store: the repair chunk comes from where the store's
// storageSlice.ts would say (see setRepairImport).
import { setRepairImport } from '../store/quarantine'

setRepairImport(() => import('../store/storageRepair'))
