import { useRef } from 'react'
import { useRegisterSW } from 'virtual:pwa-register/react'
import { actions } from '../useApp'

/** How often an open app asks the server for a new service worker (browsers also check on each load). */
const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000

/**
 * Registers the service worker and, when a new version is waiting, offers "Reload". Nothing
 * reloads unless the user asks here: another tab's Reload only brings this toast back.
 */
export function UpdateToast() {
  const registration = useRef<ServiceWorkerRegistration | undefined>(undefined)
  const isReloadRequested = useRef(false)
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisteredSW(_url, registered) {
      registration.current = registered
      if (!registered) return
      setInterval(() => {
        if (navigator.onLine) void registered.update()
      }, UPDATE_CHECK_INTERVAL_MS)
    },
    // A new worker took control, from this tab's Reload (handled below) or another tab's.
    onNeedReload() {
      if (!isReloadRequested.current) setNeedRefresh(true)
    },
  })

  const reload = async () => {
    isReloadRequested.current = true
    setNeedRefresh(false)
    await actions().flushDrafts() // a draft typed in the last moment survives the reload too
    const waiting = registration.current?.waiting
    // Another tab may already have activated it: then this page only needs to load again.
    if (!waiting) return window.location.reload()
    // NOTE: not left to the plugin: it reloads only if the page was controlled when it registered,
    // which a first visit that stays open until the next deploy never was.
    navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true })
    void updateServiceWorker()
  }

  return (
    <div role="status" aria-label="App update" className="toast-region">
      {needRefresh && (
        <div className="toast">
          <p className="toast-text">Update available</p>
          <button type="button" className="primary" onClick={() => void reload()}>
            Reload
          </button>
          <button type="button" onClick={() => setNeedRefresh(false)}>
            Later
          </button>
        </div>
      )}
    </div>
  )
}
