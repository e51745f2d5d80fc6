import type { ConnectionStatus } from '../../gateway'
import { statusLabel, type GatewayRecord } from '../../store'
import { ApproveCommand } from '../ApproveCommand'
import { explainProblem } from '../status/ProblemPanel'
import { actions } from '../useApp'

/**
 * The node connection of a gateway whose first role is chat: waiting for its approval, or stuck.
 * (A node-only gateway shows these on the gateway's own screens.)
 */
export function NodeConnection({ gateway, status }: { gateway: GatewayRecord; status: ConnectionStatus | undefined }) {
  if (status?.phase === 'waiting-approval') {
    return (
      <div>
        <p>
          {gateway.label} has a request from <strong>{gateway.deviceName}</strong> to join as a node. Approve it on the gateway host:
        </p>
        <ApproveCommand requestId={status.requestId}>
          <button type="button" onClick={() => actions().retryConnection(gateway.id, 'node')}>
            Check now
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
            Scan a new code for the node
          </button>
          <button type="button" onClick={() => actions().retryConnection(gateway.id, 'node')}>
            Retry
          </button>
        </div>
      </div>
    )
  }
  return <p className="muted">Node connection: {statusLabel(status)}…</p>
}
