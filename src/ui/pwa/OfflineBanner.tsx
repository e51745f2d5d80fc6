import { defineMessages } from '../../i18n'
import { useText } from '../useText'
import { useOnline } from './useOnline'

const TEXT = defineMessages('pwa.offline', {
  region: 'Network status',
  offline: 'Offline — messages will be sent when you’re back online',
})

/**
 * Says so while the browser is offline. The live region stays mounted (and empty while online) so
 * screen readers announce the banner when it appears.
 */
export function OfflineBanner() {
  const isOnline = useOnline()
  const t = useText(TEXT)
  return (
    <div role="status" aria-label={t('region')} className="offline-region">
      {!isOnline && <p className="offline-banner">{t('offline')}</p>}
    </div>
  )
}
