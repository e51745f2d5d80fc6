import { lazy, Suspense, useEffect, useSyncExternalStore } from 'react'
import { lazyScreen } from '../useText'
import { installOffer, subscribeInstallOffer } from './installPrompt'
import { OfflineBanner } from './OfflineBanner'
import { UpdateToast } from './UpdateToast'
import { useKeyboardInset } from './useKeyboardInset'
import './pwa.css'

// Most visits have no install offer (already installed, or a browser without one): its button loads when there is.
const InstallButton = lazy(() => import('./InstallButton').then((module) => ({ default: module.InstallButton })))
// Tapped notifications, the notification offer and the words pushes show: a chunk (and catalog part) of their own.
const NotificationsLayer = lazyScreen('notifications', () => import('../notifications/NotificationsLayer').then((module) => module.NotificationsLayer))

/**
 * Everything that makes this an installed, offline-first app, mounted once in the header:
 * the install offer, the offline banner, the update toast, notifications (links, offer), and the keyboard
 * inset for the composer.
 */
export function PwaControls() {
  const hasInstallOffer = useSyncExternalStore(
    subscribeInstallOffer,
    () => installOffer() !== 'none',
    () => false,
  )
  useKeyboardInset()
  useEffect(() => {
    // Which build is running, for support and for the update e2e test; not shown on screen.
    document.documentElement.dataset.appBuild = `${__APP_VERSION__}+${__APP_BUILD__}`
  }, [])
  return (
    <>
      {hasInstallOffer && (
        <Suspense fallback={null}>
          <InstallButton />
        </Suspense>
      )}
      <OfflineBanner />
      <UpdateToast />
      <Suspense fallback={null}>
        <NotificationsLayer />
      </Suspense>
    </>
  )
}
