import { useOnline } from './useOnline'

/**
 * Says so while the browser is offline. The live region stays mounted (and empty while online) so
 * screen readers announce the banner when it appears.
 */
export function OfflineBanner() {
  const isOnline = useOnline()
  return (
    <div role="status" aria-label="Network status" className="offline-region">
      {!isOnline && <p className="offline-banner">Offline — messages will be sent when you’re back online</p>}
    </div>
  )
}
