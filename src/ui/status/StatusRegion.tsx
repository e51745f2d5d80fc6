import type { ConnectionStatus } from '../../gateway'
import { activeGateway, activeStatus, statusLabel } from '../../store'
import { useApp } from '../useApp'
import { ProbeNote } from './ProbeNote'

function detail(status: ConnectionStatus | undefined): string {
  switch (status?.phase) {
    case 'reconnecting':
      return ` — trying again in ${Math.max(1, Math.round(status.retryInMs / 1000))} s`
    case 'offline':
      return ' — messages will be sent when you are back online'
    default:
      return ''
  }
}

/** The one live region that announces connection changes to screen readers. */
export function StatusRegion() {
  const gateway = useApp(activeGateway)
  const status = useApp(activeStatus)
  const text = gateway ? `${statusLabel(status)}${detail(status)}` : 'Not paired with a gateway yet'
  return (
    <>
      <p role="status" aria-label="Connection status" className={`status status-${status?.phase ?? 'none'}`}>
        <span className="status-dot" aria-hidden="true" />
        {gateway && <span className="status-gateway">{gateway.label}: </span>}
        {text}
      </p>
      <ProbeNote />
    </>
  )
}
