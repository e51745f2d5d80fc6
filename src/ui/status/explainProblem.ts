/**
 * What the user reads when a connection needs them: the title, the cause and the fix for each Problem the
 * gateway client reports. Pure, so the chat's ProblemPanel and the node's NodeConnection say the same thing.
 */
import type { Problem } from '../../gateway'
import { defineMessages, translate } from '../../i18n'
import type { GatewayRecord } from '../../store'
import { roleName } from './statusText'

export type Explained = { title: string; cause: string; fix?: string; command?: string; canRetry?: boolean; needsNewCode?: boolean }

const TEXT = defineMessages('problems.explain', {
  rejectedTitle: 'Pairing was not approved',
  rejectedCause: 'The gateway rejected this device’s pairing request, or the request expired before anyone approved it.',
  newCode: 'Run {qr} on the gateway host and scan the new code.',
  bootstrapTitle: 'This setup code no longer works',
  bootstrapCause: 'The code expired, was already used by another device, or was revoked.',
  tokenTitle: 'This device needs to pair again',
  tokenCause: 'The gateway no longer accepts this device’s sign-in as {role}: it was revoked or replaced on the gateway, so this device has let it go.',
  tokenFix: 'Pair again: run {qr} on the gateway host and scan the new code.',
  noCredentialsTitle: 'This device cannot sign in',
  noCredentialsCause: 'This device holds nothing it could sign in to {gateway} with as {role}: its sign-in was removed.',
  originTitle: 'The gateway does not allow this app’s address',
  originCause: 'A gateway accepts browser apps only from the web addresses it lists, and this app’s address ({origin}) is not in its {setting} list.',
  originFix: 'Run this on the gateway host (add any origins already in the list to the array too), then retry:',
  protocolTitle: 'Gateway version not supported',
  protocolCause: 'This app and the gateway speak different versions of the gateway’s protocol. The gateway said: {message}',
  protocolFix: 'Update the gateway ({update}) or this app, then retry.',
  protocolOldTitle: 'This gateway is too old for this app',
  protocolOldCause:
    'The gateway {gateway} speaks only gateway protocol {protocol}. This app needs protocol 4, which OpenClaw gateways speak from release {minimum} on.',
  protocolOldFix: 'Update the gateway to release {minimum} or later: run this on the gateway host, then retry.',
  rateTitle: 'Too many attempts',
  rateCause: 'The gateway is refusing sign-ins from this browser for a while after several failed attempts.',
  rateFixMinutes: 'Wait about {minutes, plural, one {# minute} other {# minutes}}, then retry.',
  rateFix: 'Wait a few minutes, then retry.',
  authTitle: 'The gateway refused the token or password',
  authFix: 'Check the token with {command} on the gateway host and enter it again, or scan a new code.',
  pendingTitle: 'Waiting for approval',
  pendingCause: 'Request {requestId} is pending.',
  refusedTitle: 'The gateway refused the connection',
  refusedCause: 'The gateway said: {message} ({code})',
  refusedFix: 'Retry; if it keeps happening, forget this gateway and pair again.',
})

type Key = keyof typeof TEXT.en
/** Commands stay as they are in every language; the backticks make CommandText show them as code. */
const COMMANDS = {
  qr: '`openclaw qr`',
  update: '`openclaw update`',
  command: '`openclaw config get gateway.auth.token`',
  setting: 'gateway.controlUi.allowedOrigins',
}
/** Updates a gateway installed from npm or by the installer to the newest release. */
const UPDATE_COMMAND = 'openclaw update'
const say = (key: Key, values: Record<string, string | number> = {}) => translate(TEXT, key, { ...COMMANDS, ...values })

/** Every failure that needs the user, with its cause and its fix. */
export function explainProblem(problem: Problem, gateway: Pick<GatewayRecord, 'label' | 'role'>, origin: string): Explained {
  switch (problem.kind) {
    case 'pairing-rejected':
      return { title: say('rejectedTitle'), cause: say('rejectedCause'), fix: say('newCode'), needsNewCode: true }
    case 'bootstrap-invalid':
      return { title: say('bootstrapTitle'), cause: say('bootstrapCause'), fix: say('newCode'), needsNewCode: true }
    case 'device-token-rejected':
      return { title: say('tokenTitle'), cause: say('tokenCause', { role: roleName(problem.role) }), fix: say('tokenFix'), needsNewCode: true }
    case 'no-credentials':
      return {
        title: say('noCredentialsTitle'),
        cause: say('noCredentialsCause', { gateway: gateway.label, role: roleName(gateway.role) }),
        fix: say('newCode'),
        needsNewCode: true,
      }
    case 'origin-not-allowed': {
      const command = `openclaw config set gateway.controlUi.allowedOrigins '["${origin}"]' --strict-json`
      return { title: say('originTitle'), cause: say('originCause', { origin }), fix: say('originFix'), command, canRetry: true }
    }
    case 'gateway-too-old':
      // Its own screen: the release that works and the command that gets it, not a generic version error.
      return {
        title: say('protocolOldTitle'),
        cause: say('protocolOldCause', { gateway: gateway.label, protocol: problem.gatewayProtocol, minimum: problem.minimumRelease }),
        fix: say('protocolOldFix', { minimum: problem.minimumRelease }),
        command: UPDATE_COMMAND,
        canRetry: true,
      }
    case 'protocol-mismatch':
      return { title: say('protocolTitle'), cause: say('protocolCause', { message: problem.message }), fix: say('protocolFix'), canRetry: true }
    case 'rate-limited':
      return {
        title: say('rateTitle'),
        cause: say('rateCause'),
        fix: problem.retryAfterMs ? say('rateFixMinutes', { minutes: Math.ceil(problem.retryAfterMs / 60_000) }) : say('rateFix'),
        canRetry: true,
      }
    case 'auth-failed':
      return { title: say('authTitle'), cause: problem.message, fix: say('authFix'), needsNewCode: true }
    case 'pairing-pending':
      return {
        title: say('pendingTitle'),
        cause: say('pendingCause', { requestId: problem.requestId }),
        command: `openclaw devices approve ${problem.requestId}`,
        canRetry: true,
      }
    case 'rejected':
      return {
        title: say('refusedTitle'),
        cause: say('refusedCause', { message: problem.message, code: problem.code }),
        fix: say('refusedFix'),
        canRetry: true,
      }
  }
}
