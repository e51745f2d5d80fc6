import { useEffect, useSyncExternalStore } from 'react'
import { actions } from '../useApp'
import { applyUpdate, dismissUpdate, isUpdateWaiting, registerServiceWorker, subscribeUpdate } from './serviceWorker'

/** How often an open app asks the server for a new service worker (browsers also check on each load). */
const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000

/**
 * Registers the service worker and, when a new version is waiting, offers "Reload". Nothing
 * reloads unless the user asks here: another tab's Reload only brings this toast back.
 */
export function UpdateToast() {
  const isWaiting = useSyncExternalStore(subscribeUpdate, isUpdateWaiting, () => false)
  useEffect(() => {
    // No worker in the dev server; a failed registration leaves the app working online as before.
    if (import.meta.env.DEV) return
    const base = import.meta.env.BASE_URL
    registerServiceWorker({ url: `${base}sw.js`, scope: base, checkEveryMs: UPDATE_CHECK_INTERVAL_MS }).catch(() => undefined)
  }, [])

  const reload = async () => {
    await actions().flushDrafts() // a draft typed in the last moment survives the reload too
    applyUpdate()
  }

  return (
    <div role="status" aria-label="App update" className="toast-region">
      {isWaiting && (
        <div className="toast">
          <p className="toast-text">Update available</p>
          <button type="button" className="primary" onClick={() => void reload()}>
            Reload
          </button>
          <button type="button" onClick={dismissUpdate}>
            Later
          </button>
        </div>
      )}
    </div>
  )
}
