/**
 * The service worker. vite-plugin-pwa (injectManifest, vite.config.ts) bundles this entry into
 * dist/sw.js and replaces self.__WB_MANIFEST with every built file it globs. This file only wires;
 * each decision lives in a small module next to it, tested under Node. A new worker feature (such as
 * the share target's POST, shareTarget.ts) is one module here and one line below.
 *
 * The same script runs in two kinds of registration: the app's own (scope: the base path), which
 * caches and serves the app, and one per gateway with notifications on (scope `<base>push/<id>/`,
 * see push.ts), which holds that gateway's push subscription and does nothing else.
 */
import { createStore, get, set, values } from 'idb-keyval'
import { clientsClaim } from 'workbox-core'
import { cleanupOutdatedCaches, createHandlerBoundToURL, type PrecacheEntry, precacheAndRoute } from 'workbox-precaching'
import { Route, registerRoute } from 'workbox-routing'
import { PUSH_DATABASE } from '../gateway/push/pushDatabase'
import { gatewayIdOfScope, type PushRecord, readPushRecord } from '../gateway/push/pushRegistry'
import { SHARE_DATABASE } from '../gateway/share'
import { handleClientMessage } from './messages'
import { APP_SHELL_URL, isAppShellNavigation } from './navigationFallback'
import { openNotice, type PushWorker, readNoticeData, showPush } from './push'
import { isSharePost, receiveShare, type ShareStore } from './shareTarget'

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<PrecacheEntry | string> }

const basePath = new URL('./', self.location.href).pathname
const isPushRegistration = gatewayIdOfScope(self.registration.scope, basePath) !== null

if (isPushRegistration) {
  // Nothing to cache or serve: no page lives in this scope. A new version takes over at once.
  self.addEventListener('install', () => void self.skipWaiting())
} else {
  // Updates wait in "waiting" until the user's Reload (src/ui/pwa/UpdateToast.tsx) asks for them.
  self.addEventListener('message', (event) => handleClientMessage(event.data, self))
  // The first install controls the open page at once; an update, once the user let it activate, claims
  // the tabs too, and the tab that asked reloads on that controllerchange.
  clientsClaim()

  // Before the precache's route: another app's share arrives as a POST, kept in IndexedDB for the page.
  let shares: ReturnType<typeof createStore> | undefined
  const shareStore: ShareStore = {
    save: (record) => set(record.id, record, (shares ??= createStore(SHARE_DATABASE.db, SHARE_DATABASE.store))),
    newId: () => crypto.randomUUID(),
    now: () => Date.now(),
  }
  self.addEventListener('fetch', (event) => {
    if (isSharePost(event.request, basePath)) event.respondWith(receiveShare(event.request, basePath, shareStore))
  })

  // The shell and every chunk, the lazily loaded QR scanner and its WebAssembly decoder included.
  precacheAndRoute(self.__WB_MANIFEST)
  cleanupOutdatedCaches()
  registerRoute(new Route(isAppShellNavigation, createHandlerBoundToURL(APP_SHELL_URL)))
  // NOTE: no runtime caching: the worker answers only its own precached URLs and navigations, so the
  // gateway's WebSocket and HTTP (always another origin) go straight to the network.
}

// Opened on first use, as the page does (store/databases.ts).
let pushStore: ReturnType<typeof createStore> | undefined
const records = () => (pushStore ??= createStore(PUSH_DATABASE.db, PUSH_DATABASE.store))

const worker: PushWorker = {
  basePath,
  scope: self.registration.scope,
  readRecord: async (gatewayId) => readPushRecord(await get(gatewayId, records())),
  writeRecord: (record: PushRecord) => set(record.gatewayId, record, records()),
  allRecords: async () => (await values(records())).map(readPushRecord).filter((record): record is PushRecord => record !== null),
  showNotification: (title, options) => self.registration.showNotification(title, options),
  setBadge: async (count) => {
    const badge = self.navigator as WorkerNavigator & { setAppBadge?: (count?: number) => Promise<void>; clearAppBadge?: () => Promise<void> }
    await (count > 0 ? badge.setAppBadge?.(count) : badge.clearAppBadge?.())
  },
}

self.addEventListener('push', (event) => {
  event.waitUntil(showPush(worker, event.data ? event.data.text() : null))
})

self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  const data = readNoticeData(event.notification.data)
  if (!data) return
  event.waitUntil(
    self.clients
      .matchAll({ type: 'window', includeUncontrolled: true })
      .then((windows) => openNotice(data, windows, self.location.origin, basePath, (url) => self.clients.openWindow(url))),
  )
})
