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
  approveWithin: 'Approve it within {time}: the gateway then stops accepting this setup code, and pairing needs a new one.',
  codeExpired: 'The setup code has expired: if the request was not approved in time, pairing needs a new code.',
  recheck: 'This screen checks again every few seconds and opens the chat as soon as the request is approved.',
  checkNow: 'Check now',
})

/**
 * The gateway has a pairing request for this device; an admin approves it with one command (which names
 * the request, so its id is not listed again). The time left is the setup code's: the gateway drops a
 * code ten minutes after issuing it, used or not, and this device's checks for the approval present it.
 */
export function WaitingApproval({ gateway, status }: { gateway: GatewayRecord; status: Waiting }) {
  const expiresAtMs = useApp((s) => s.bootstrapExpiry[gateway.id])
  const now = useNow()
  const t = useText(TEXT)
  return (
    <section className="panel" aria-labelledby="waiting-title">
      <h2 id="waiting-title">{t('title')}</h2>
      <p>{t.rich('request', { gateway: gateway.label, device: <strong>{gateway.deviceName}</strong>, role: roleName(gateway.role) })}</p>
      <ApproveCommand requestId={status.requestId} />
      {expiresAtMs !== undefined && (
        <p className={expiresAtMs - now < 60_000 ? 'warning' : 'muted'}>
          {expiresAtMs > now ? t('approveWithin', { time: formatRemaining(expiresAtMs - now) }) : t('codeExpired')}
        </p>
      )}
      <p className="muted">{t('recheck')}</p>
      <div className="row">
        <button type="button" className="primary" onClick={() => actions().retryConnection(gateway.id)}>
          {t('checkNow')}
        </button>
      </div>
    </section>
  )
}
