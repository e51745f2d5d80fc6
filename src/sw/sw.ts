/**
 * The service worker. vite-plugin-pwa (injectManifest, vite.config.ts) bundles this entry into
 * dist/sw.js and replaces self.__WB_MANIFEST with every built file it globs. This file only wires;
 * each decision lives in a small module next to it, tested under Node. A new worker feature (Web
 * Push's push and notificationclick, the share target's POST) is one module here and one line below.
 */
import { clientsClaim } from 'workbox-core'
import { cleanupOutdatedCaches, createHandlerBoundToURL, type PrecacheEntry, precacheAndRoute } from 'workbox-precaching'
import { Route, registerRoute } from 'workbox-routing'
import { handleClientMessage } from './messages'
import { APP_SHELL_URL, isAppShellNavigation } from './navigationFallback'

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<PrecacheEntry | string> }

// Updates wait in "waiting" until the user's Reload (src/ui/pwa/UpdateToast.tsx) asks for them.
self.addEventListener('message', (event) => handleClientMessage(event.data, self))
// The first install controls the open page at once; an update, once the user let it activate, claims
// the tabs too, and the tab that asked reloads on that controllerchange.
clientsClaim()

// The shell and every chunk, the lazily loaded QR scanner and its WebAssembly decoder included.
precacheAndRoute(self.__WB_MANIFEST)
cleanupOutdatedCaches()
registerRoute(new Route(isAppShellNavigation, createHandlerBoundToURL(APP_SHELL_URL)))
// NOTE: no runtime caching: the worker answers only its own precached URLs and navigations, so the
// gateway's WebSocket and HTTP (always another origin) go straight to the network.
