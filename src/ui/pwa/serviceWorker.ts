/**
 * Registers the service worker and says when a new version of the app waits, as a tiny store the
 * update toast subscribes to. The platform's ServiceWorkerRegistration events are all this needs;
 * vite-plugin-pwa's React helper loads workbox-window for them, 2.6 KB gzip on every first screen.
 * The worker (src/sw/sw.ts) activates a waiting version when it gets { type: 'SKIP_WAITING' }, and
 * claims the page on its first install (clientsClaim).
 */
const listeners = new Set<() => void>()
let registration: ServiceWorkerRegistration | undefined
let isWaiting = false
let isReloadRequested = false
let isStarted = false

function setWaiting(value: boolean): void {
  if (isWaiting === value) return
  isWaiting = value
  for (const listener of listeners) listener()
}

export const isUpdateWaiting = (): boolean => isWaiting

export function subscribeUpdate(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** "Later": the toast goes away; the new version still waits for the next Reload or visit. */
export const dismissUpdate = (): void => setWaiting(false)

/** Once per page; later calls do nothing. `checkEveryMs`: how often an open app asks for a new version. */
export async function registerServiceWorker({ url, scope, checkEveryMs }: { url: string; scope: string; checkEveryMs: number }): Promise<void> {
  const container = globalThis.navigator?.serviceWorker
  if (!container || isStarted) return
  isStarted = true
  // A page that had no worker yet gets one on the first install: that takeover is not an update.
  let isControlled = container.controller !== null
  container.addEventListener('controllerchange', () => {
    if (isReloadRequested) window.location.reload()
    // Another tab's Reload activated the new version; this page still runs the old one.
    else if (isControlled) setWaiting(true)
    isControlled = true
  })
  const current = await container.register(url, { scope })
  registration = current
  const offerIfWaiting = () => {
    if (current.waiting && container.controller) setWaiting(true)
  }
  offerIfWaiting()
  current.addEventListener('updatefound', () => {
    const installing = current.installing
    installing?.addEventListener('statechange', () => {
      if (installing.state === 'installed') offerIfWaiting()
    })
  })
  setInterval(() => {
    if (navigator.onLine) void current.update().catch(() => undefined)
  }, checkEveryMs)
}

/** Switches to the waiting version: the page reloads once the new worker controls it. */
export function applyUpdate(): void {
  isReloadRequested = true
  setWaiting(false)
  const waiting = registration?.waiting
  // Another tab may already have activated it: then this page only needs to load again.
  if (!waiting) {
    window.location.reload()
    return
  }
  waiting.postMessage({ type: 'SKIP_WAITING' })
}
