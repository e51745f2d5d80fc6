import { defineMessages } from '../../i18n'
import { activeStatus } from '../../store'
import { useApp } from '../useApp'
import { useText } from '../useText'
import { useOnline } from './useOnline'

const TEXT = defineMessages('pwa.offline', {
  region: 'Network status',
  offline: 'Offline — messages will be sent when you’re back online',
  offlineNoGateway: 'Offline — pairing needs a network connection to the gateway',
})

/**
 * Says so while the browser is offline, unless the connection status already does (a gateway open and
 * its client offline): the notice is said once. The live region stays mounted (and empty while online)
 * so screen readers announce the banner when it appears.
 */
export function OfflineBanner() {
  const isOnline = useOnline()
  const status = useApp(activeStatus)
  const t = useText(TEXT)
  return (
    <div role="status" aria-label={t('region')} className="offline-region">
      {!isOnline && status?.phase !== 'offline' && <p className="offline-banner">{t(status ? 'offline' : 'offlineNoGateway')}</p>}
    </div>
  )
}
