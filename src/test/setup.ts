// Unit and integration tests run in Node; fake-indexeddb gives idb-keyval a real IndexedDB there.
import 'fake-indexeddb/auto'
