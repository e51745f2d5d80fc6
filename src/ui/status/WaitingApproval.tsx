import type { ConnectionStatus } from '../../gateway'
import type { GatewayRecord } from '../../store'
import { ApproveCommand } from '../ApproveCommand'
import { formatRemaining, useNow } from '../useNow'
import { actions, useApp } from '../useApp'

type Waiting = Extract<ConnectionStatus, { phase: 'waiting-approval' }>

/** The gateway has a pairing request for this device; an admin approves it with one command. */
export function WaitingApproval({ gateway, status }: { gateway: GatewayRecord; status: Waiting }) {
  const expiresAtMs = useApp((s) => s.bootstrapExpiry[gateway.id])
  const now = useNow()
  return (
    <section className="panel" aria-labelledby="waiting-title">
      <h2 id="waiting-title">Waiting for approval</h2>
      <p>
        {gateway.label} has a pairing request from <strong>{gateway.deviceName}</strong> as{' '}
        {gateway.role === 'operator' ? 'Chat (operator)' : 'Node'}. Approve it on the gateway host:
      </p>
      <ApproveCommand requestId={status.requestId} />
      <dl className="facts">
        <dt>Request</dt>
        <dd>
          <code>{status.requestId}</code>
        </dd>
        {expiresAtMs !== undefined && (
          <>
            <dt>Setup code valid for</dt>
            <dd>{formatRemaining(expiresAtMs - now)}</dd>
          </>
        )}
      </dl>
      <p className="muted">This screen checks again every few seconds and opens the chat as soon as the request is approved.</p>
      <div className="row">
        <button type="button" className="primary" onClick={() => actions().retryConnection(gateway.id)}>
          Check now
        </button>
      </div>
    </section>
  )
}
