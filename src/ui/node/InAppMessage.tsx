import { defineMessages } from '../../i18n'
import { actions, useApp } from '../useApp'
import { useText } from '../useText'
import { formatTime } from './commandText'

const TEXT = defineMessages('node.inApp', {
  label: 'Message from the agent',
  dismiss: 'Dismiss',
})

/** A message the agent asked to show inside the app (delivery "overlay"). */
export function InAppMessage({ gatewayId }: { gatewayId: string }) {
  const message = useApp((s) => s.nodes[gatewayId]?.inAppMessage)
  const t = useText(TEXT)
  if (!message) return null
  return (
    <div className="panel" role="note" aria-label={t('label')}>
      <p>
        <strong>{message.title || t('label')}</strong> {message.body} <span className="muted">({formatTime(message.atMs)})</span>
      </p>
      <button type="button" onClick={() => actions().dismissInAppMessage(gatewayId)}>
        {t('dismiss')}
      </button>
    </div>
  )
}
