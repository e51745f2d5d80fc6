import type { ConnectionStatus } from '../../gateway'
import { defineMessages } from '../../i18n'
import type { GatewayRecord } from '../../store'
import { ApproveCommand } from '../ApproveCommand'
import { explainProblem } from '../status/explainProblem'
import { statusLabel } from '../status/statusText'
import { actions } from '../useApp'
import { useText } from '../useText'

const TEXT = defineMessages('node.connection', {
  request: '{gateway} has a request from {device} to join as a node. Approve it on the gateway host:',
  checkNow: 'Check now',
  scanForNode: 'Scan a new code for the node',
  retry: 'Retry',
  status: 'Node connection: {status}…',
})

/**
 * The node connection of a gateway whose first role is chat: waiting for its approval, or stuck.
 * (A node-only gateway shows these on the gateway's own screens.)
 */
export function NodeConnection({ gateway, status }: { gateway: GatewayRecord; status: ConnectionStatus | undefined }) {
  const t = useText(TEXT)
  if (status?.phase === 'waiting-approval') {
    return (
      <div>
        <p>{t.rich('request', { gateway: gateway.label, device: <strong>{gateway.deviceName}</strong> })}</p>
        <ApproveCommand requestId={status.requestId}>
          <button type="button" onClick={() => actions().retryConnection(gateway.id, 'node')}>
            {t('checkNow')}
          </button>
        </ApproveCommand>
      </div>
    )
  }
  if (status?.phase === 'needs-user') {
    const explained = explainProblem(status.problem, { ...gateway, role: 'node' }, globalThis.location?.origin ?? '')
    return (
      <div className="warning" data-problem={status.problem.kind}>
        <p>
          <strong>{explained.title}</strong> {explained.cause}
        </p>
        <div className="row">
          <button type="button" onClick={() => actions().openOnboarding({ targetGatewayId: gateway.id, addRole: 'node' })}>
            {t('scanForNode')}
          </button>
          <button type="button" onClick={() => actions().retryConnection(gateway.id, 'node')}>
            {t('retry')}
          </button>
        </div>
      </div>
    )
  }
  return <p className="muted">{t('status', { status: statusLabel(status) })}</p>
}
