import type { Problem } from '../../gateway'
import type { GatewayRecord } from '../../store'
import { CommandText } from '../CommandText'
import { CopyButton } from '../CopyButton'
import { actions } from '../useApp'

type Explained = { title: string; cause: string; fix?: string; command?: string; canRetry?: boolean; needsNewCode?: boolean }

const roleName = (role: string) => (role === 'node' ? 'Node' : 'Chat (operator)')

/** Every failure that needs the user, with its cause and its fix. */
export function explainProblem(problem: Problem, gateway: GatewayRecord, origin: string): Explained {
  switch (problem.kind) {
    case 'pairing-rejected':
      return { title: 'Pairing was not approved', cause: 'The gateway rejected this device’s pairing request, or the request expired before anyone approved it.', fix: 'Run `openclaw qr` on the gateway host and scan the new code.', needsNewCode: true }
    case 'bootstrap-invalid':
      return { title: 'This setup code no longer works', cause: 'The code expired, was already used by another device, or was revoked.', fix: 'Run `openclaw qr` on the gateway host and scan the new code.', needsNewCode: true }
    case 'device-token-rejected':
      return { title: 'This device needs to pair again', cause: `The gateway no longer accepts this device’s ${roleName(problem.role)} token: it was revoked or replaced on the gateway. The old token has been removed from this device.`, fix: 'Pair again: run `openclaw qr` on the gateway host and scan the new code.', needsNewCode: true }
    case 'no-credentials':
      return { title: 'No way to sign in', cause: `This device has no token for ${gateway.label} as ${roleName(gateway.role)}.`, fix: 'Run `openclaw qr` on the gateway host and scan the new code.', needsNewCode: true }
    case 'origin-not-allowed': {
      const command = `openclaw config set gateway.controlUi.allowedOrigins '["${origin}"]' --strict-json`
      return { title: 'The gateway does not allow this app’s address', cause: `Gateways only accept browser connections from origins they list, and ${origin} is not in gateway.controlUi.allowedOrigins.`, fix: 'Run this on the gateway host (add any origins already in the list to the array too), then retry:', command, canRetry: true }
    }
    case 'protocol-mismatch':
      return { title: 'Gateway version not supported', cause: `This app speaks gateway protocol 4; the gateway said: ${problem.message}`, fix: 'Update the gateway (`openclaw update`) or this app, then retry.', canRetry: true }
    case 'rate-limited':
      return { title: 'Too many attempts', cause: 'The gateway is refusing sign-ins from this browser for a while after several failed attempts.', fix: problem.retryAfterMs ? `Wait about ${Math.ceil(problem.retryAfterMs / 60_000)} minute(s), then retry.` : 'Wait a few minutes, then retry.', canRetry: true }
    case 'auth-failed':
      return { title: 'The gateway refused the token or password', cause: problem.message, fix: 'Check the token with `openclaw config get gateway.auth.token` on the gateway host and enter it again, or scan a new code.', needsNewCode: true }
    case 'pairing-pending':
      return { title: 'Waiting for approval', cause: `Request ${problem.requestId} is pending.`, command: `openclaw devices approve ${problem.requestId}`, canRetry: true }
    case 'rejected':
      return { title: 'The gateway refused the connection', cause: `${problem.message} (${problem.code})`, fix: 'Retry; if it keeps happening, forget this gateway and pair again.', canRetry: true }
  }
}

export function ProblemPanel({ gateway, problem }: { gateway: GatewayRecord; problem: Problem }) {
  const explained = explainProblem(problem, gateway, globalThis.location?.origin ?? '')
  return (
    <section className="panel problem" aria-labelledby="problem-title" data-problem={problem.kind}>
      <h2 id="problem-title">{explained.title}</h2>
      <p>{explained.cause}</p>
      {explained.fix && (
        <p>
          <CommandText text={explained.fix} />
        </p>
      )}
      {explained.command && (
        <>
          <p className="command">
            <code>{explained.command}</code>
          </p>
          <div className="row">
            <CopyButton text={explained.command} />
          </div>
        </>
      )}
      <div className="row">
        {explained.needsNewCode && (
          <button type="button" className="primary" onClick={() => actions().openOnboarding({ targetGatewayId: gateway.id, method: 'scan' })}>
            Scan a new code
          </button>
        )}
        {explained.canRetry && (
          <button type="button" className={explained.needsNewCode ? '' : 'primary'} onClick={() => actions().retryConnection(gateway.id)}>
            Retry
          </button>
        )}
      </div>
    </section>
  )
}
