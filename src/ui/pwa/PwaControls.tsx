import { Suspense, useEffect } from 'react'
import { lazyScreen } from '../useText'
import { InstallOffer } from './InstallOffer'
import { OfflineBanner } from './OfflineBanner'
import { UpdateToast } from './UpdateToast'
import { useKeyboardInset } from './useKeyboardInset'
import './pwa.css'

// Tapped notifications, the notification offer and the words pushes show: a chunk (and catalog part) of their own.
const NotificationsLayer = lazyScreen('notifications', () => import('../notifications/NotificationsLayer').then((module) => module.NotificationsLayer))

/**
 * Everything that makes this an installed, offline-first app, mounted once in the header:
 * the install offer, the offline banner, the update toast, notifications (links, offer), and the keyboard
 * inset for the composer.
 * `hasInstall`: the install offer goes here, in the header (the onboarding screens); beside the chat it is in the gateway list.
 */
export function PwaControls({ hasInstall }: { hasInstall: boolean }) {
  useKeyboardInset()
  useEffect(() => {
    // Which build is running, for support and for the update e2e test; not shown on screen.
    document.documentElement.dataset.appBuild = `${__APP_VERSION__}+${__APP_BUILD__}`
  }, [])
  return (
    <>
      {hasInstall && <InstallOffer />}
      <OfflineBanner />
      <UpdateToast />
      <Suspense fallback={null}>
        <NotificationsLayer />
      </Suspense>
    </>
  )
}
