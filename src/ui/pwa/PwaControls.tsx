import { useEffect } from 'react'
import { InstallButton } from './InstallButton'
import { OfflineBanner } from './OfflineBanner'
import { UpdateToast } from './UpdateToast'
import { useKeyboardInset } from './useKeyboardInset'
import './pwa.css'

/**
 * Everything that makes this an installed, offline-first app, mounted once in the header:
 * the install offer, the offline banner, the update toast, and the keyboard inset for the composer.
 */
export function PwaControls() {
  useKeyboardInset()
  useEffect(() => {
    // Which build is running, for support and for the update e2e test; not shown on screen.
    document.documentElement.dataset.appBuild = `${__APP_VERSION__}+${__APP_BUILD__}`
  }, [])
  return (
    <>
      <InstallButton />
      <OfflineBanner />
      <UpdateToast />
    </>
  )
}
