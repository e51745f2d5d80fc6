import { lazy, Suspense, useSyncExternalStore } from 'react'
import { installOffer, subscribeInstallOffer } from './installPrompt'

// Most visits have no install offer (already installed, or a browser without one): its button loads when there is.
const InstallButton = lazy(() => import('./InstallButton').then((module) => ({ default: module.InstallButton })))

/** "Install app" where there is an offer: in the onboarding screens' header, and in the gateway list beside the chat. */
export function InstallOffer() {
  const hasOffer = useSyncExternalStore(
    subscribeInstallOffer,
    () => installOffer() !== 'none',
    () => false,
  )
  if (!hasOffer) return null
  return (
    <Suspense fallback={null}>
      <InstallButton />
    </Suspense>
  )
}
