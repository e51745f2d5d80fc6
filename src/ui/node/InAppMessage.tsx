import { actions, useApp } from '../useApp'
import { formatTime } from './commandText'

/** A message the agent asked to show inside the app (delivery "overlay"). */
export function InAppMessage({ gatewayId }: { gatewayId: string }) {
  const message = useApp((s) => s.nodes[gatewayId]?.inAppMessage)
  if (!message) return null
  return (
    <div className="panel" role="note" aria-label="Message from the agent">
      <p>
        <strong>{message.title || 'Message from the agent'}</strong> {message.body} <span className="muted">({formatTime(message.atMs)})</span>
      </p>
      <button type="button" onClick={() => actions().dismissInAppMessage(gatewayId)}>
        Dismiss
      </button>
    </div>
  )
}
