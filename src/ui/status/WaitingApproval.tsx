import type { ConnectionStatus } from '../../gateway'
import type { GatewayRecord } from '../../store'
import { ApproveCommand } from '../ApproveCommand'
import { formatRemaining, useNow } from '../useNow'
import { defineMessages } from '../../i18n'
import { actions, useApp } from '../useApp'
import { useText } from '../useText'
import { roleName } from './statusText'

type Waiting = Extract<ConnectionStatus, { phase: 'waiting-approval' }>

const TEXT = defineMessages('problems.waiting', {
  title: 'Waiting for approval',
  request: '{gateway} has a pairing request from {device} as {role}. Approve it on the gateway host:',
  requestId: 'Request',
  validFor: 'Setup code valid for',
  expired: 'expired',
  recheck: 'This screen checks again every few seconds and opens the chat as soon as the request is approved.',
  checkNow: 'Check now',
})

/** The gateway has a pairing request for this device; an admin approves it with one command. */
export function WaitingApproval({ gateway, status }: { gateway: GatewayRecord; status: Waiting }) {
  const expiresAtMs = useApp((s) => s.bootstrapExpiry[gateway.id])
  const now = useNow()
  const t = useText(TEXT)
  return (
    <section className="panel" aria-labelledby="waiting-title">
      <h2 id="waiting-title">{t('title')}</h2>
      <p>{t.rich('request', { gateway: gateway.label, device: <strong>{gateway.deviceName}</strong>, role: roleName(gateway.role) })}</p>
      <ApproveCommand requestId={status.requestId} />
      <dl className="facts">
        <dt>{t('requestId')}</dt>
        <dd>
          <code>{status.requestId}</code>
        </dd>
        {expiresAtMs !== undefined && (
          <>
            <dt>{t('validFor')}</dt>
            <dd>{expiresAtMs > now ? formatRemaining(expiresAtMs - now) : t('expired')}</dd>
          </>
        )}
      </dl>
      <p className="muted">{t('recheck')}</p>
      <div className="row">
        <button type="button" className="primary" onClick={() => actions().retryConnection(gateway.id)}>
          {t('checkNow')}
        </button>
      </div>
    </section>
  )
}
