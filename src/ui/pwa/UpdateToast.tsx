import { useEffect, useSyncExternalStore } from 'react'
import { defineMessages } from '../../i18n'
import { actions } from '../useApp'
import { useText } from '../useText'
import { applyUpdate, dismissUpdate, isUpdateWaiting, registerServiceWorker, subscribeUpdate } from './serviceWorker'

/** How often an open app asks the server for a new service worker (browsers also check on each load). */
const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000

const TEXT = defineMessages('pwa.update', {
  region: 'App update',
  available: 'Update available',
  reload: 'Reload',
  later: 'Later',
})

/**
 * Registers the service worker and, when a new version is waiting, offers "Reload". Nothing
 * reloads unless the user asks here: another tab's Reload only brings this toast back.
 */
export function UpdateToast() {
  const isWaiting = useSyncExternalStore(subscribeUpdate, isUpdateWaiting, () => false)
  const t = useText(TEXT)
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
    <div role="status" aria-label={t('region')} className="toast-region">
      {isWaiting && (
        <div className="toast">
          <p className="toast-text">{t('available')}</p>
          <button type="button" className="primary" onClick={() => void reload()}>
            {t('reload')}
          </button>
          <button type="button" onClick={dismissUpdate}>
            {t('later')}
          </button>
        </div>
      )}
    </div>
  )
}
