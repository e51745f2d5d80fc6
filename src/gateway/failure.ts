/**
 * Turns what the gateway says when a connect fails (protocol doc §7, §9.3, §10.5) into one of two
 * answers: try again by ourselves, or stop and tell the user what to do. Anything we do not
 * recognise stops: a loop of unexplained failures is worse than one clear message.
 */
import type { ChosenCredential } from './connectParams'
import { MIN_GATEWAY_RELEASE } from './gatewayReleases'
import { HelloOk, PROTOCOL_VERSION, type ErrorShape, type ResFrame } from './protocol'

/** A failure only the user can fix. Each kind maps to one screen with its cause and its fix. */
export type Problem =
  | { kind: 'pairing-pending'; requestId: string; reason: string }
  | { kind: 'pairing-rejected' }
  | { kind: 'bootstrap-invalid'; message: string }
  | { kind: 'device-token-rejected'; role: string; message: string }
  | { kind: 'origin-not-allowed'; message: string }
  /** `gatewayProtocol`: the protocol the gateway said it speaks (`details.expectedProtocol`), when it said. */
  | { kind: 'protocol-mismatch'; message: string; gatewayProtocol?: number }
  /** The gateway speaks only an older protocol than this app: updating it to `minimumRelease` or later fixes it. */
  | { kind: 'gateway-too-old'; gatewayProtocol: number; minimumRelease: string }
  | { kind: 'rate-limited'; retryAfterMs?: number; message: string }
  | { kind: 'auth-failed'; code: string; message: string }
  | { kind: 'no-credentials' }
  | { kind: 'rejected'; code: string; message: string }
export type ProblemKind = Problem['kind']

export type ConnectFailure =
  /**
   * `connectAfterMs`: the gateway answered this connect itself and said when to send the next one
   * (UNAVAILABLE with retryAfterMs). It listens, so the next socket may open before then; only its
   * connect request waits. `retryAfterMs`: come back no sooner (a restart: nothing listens yet).
   */
  | { action: 'retry'; retryAfterMs?: number; connectAfterMs?: number; reason: string }
  /** Pairing is pending: poll the gateway again with the same identity, not a backoff loop. */
  | { action: 'wait-approval'; problem: Extract<Problem, { kind: 'pairing-pending' }> }
  /** The stored device token for this role is no longer valid: drop it, then decide. */
  | { action: 'drop-device-token'; problem: Extract<Problem, { kind: 'device-token-rejected' }> }
  | { action: 'stop'; problem: Problem }

function detail(error: ErrorShape, key: string): unknown {
  const details = error.details
  return details && typeof details === 'object' ? (details as Record<string, unknown>)[key] : undefined
}

function detailString(error: ErrorShape, key: string): string | undefined {
  const value = detail(error, key)
  return typeof value === 'string' ? value : undefined
}

/** Classifies the error of a failed `connect` request. `role` is the role we asked for. */
export function classifyConnectError(error: ErrorShape, role: string): ConnectFailure {
  const detailCode = detailString(error, 'code')
  const { message } = error

  // NOTE: a protocol-3-only gateway (2026.4.29 and older) sends no details.code, only
  // `{ expectedProtocol: 3 }` with "protocol mismatch"; newer ones add code PROTOCOL_MISMATCH.
  const expected = detail(error, 'expectedProtocol')
  if (detailCode === 'PROTOCOL_MISMATCH' || (detailCode === undefined && typeof expected === 'number')) {
    const gatewayProtocol = typeof expected === 'number' && Number.isSafeInteger(expected) ? expected : undefined
    if (gatewayProtocol !== undefined && gatewayProtocol < PROTOCOL_VERSION) {
      return { action: 'stop', problem: { kind: 'gateway-too-old', gatewayProtocol, minimumRelease: MIN_GATEWAY_RELEASE } }
    }
    return { action: 'stop', problem: { kind: 'protocol-mismatch', message, ...(gatewayProtocol === undefined ? {} : { gatewayProtocol }) } }
  }
  if (detailCode === 'CONTROL_UI_ORIGIN_NOT_ALLOWED') return { action: 'stop', problem: { kind: 'origin-not-allowed', message } }

  switch (detailCode) {
    case 'PAIRING_REQUIRED': {
      const requestId = detailString(error, 'requestId')
      if (!requestId) return { action: 'stop', problem: { kind: 'rejected', code: detailCode, message } }
      return {
        action: 'wait-approval',
        problem: { kind: 'pairing-pending', requestId, reason: detailString(error, 'reason') ?? 'not-paired' },
      }
    }
    case 'AUTH_DEVICE_TOKEN_MISMATCH':
    case 'AUTH_SCOPE_MISMATCH':
      return { action: 'drop-device-token', problem: { kind: 'device-token-rejected', role, message } }
    case 'AUTH_BOOTSTRAP_TOKEN_INVALID':
      return { action: 'stop', problem: { kind: 'bootstrap-invalid', message } }
    case 'AUTH_RATE_LIMITED':
      return { action: 'stop', problem: { kind: 'rate-limited', retryAfterMs: error.retryAfterMs, message } }
    case 'AUTH_TOKEN_MISSING':
    case 'AUTH_TOKEN_MISMATCH':
    case 'AUTH_TOKEN_NOT_CONFIGURED':
    case 'AUTH_PASSWORD_MISSING':
    case 'AUTH_PASSWORD_MISMATCH':
    case 'AUTH_PASSWORD_NOT_CONFIGURED':
    case 'AUTH_REQUIRED':
    case 'AUTH_UNAUTHORIZED':
      return { action: 'stop', problem: { kind: 'auth-failed', code: detailCode, message } }
  }

  // Startup and restart drains: the gateway says when to come back (§6, §7 rows 1–2).
  if (error.code === 'UNAVAILABLE' && error.retryable !== false) {
    return { action: 'retry', connectAfterMs: error.retryAfterMs, reason: message }
  }
  return { action: 'stop', problem: { kind: 'rejected', code: detailCode ?? error.code, message } }
}

/**
 * A setup code refused while this device's pairing request waited is the request's answer: rejecting a
 * request revokes the codes bound to the device (the gateway's rejectDevicePairing), so the next check
 * hears "setup code invalid". That is "not approved", not "this code no longer works".
 */
export function answerToWaitingRequest(problem: Problem, waitingRequestId: string | undefined): Problem {
  return problem.kind === 'bootstrap-invalid' && waitingRequestId !== undefined ? { kind: 'pairing-rejected' } : problem
}

/**
 * Close codes that say "do not come back with the same request" on their own (no error frame).
 * `restartExpectedMs`: what the connection's `shutdown` event announced, if it sent one.
 */
export function classifyClose(code: number, reason: string, restartExpectedMs?: number): ConnectFailure {
  // NOTE: 1002 is sent only after a protocol mismatch; 1009 means our frame was too big for the
  // pre-auth cap, which a retry would repeat exactly.
  if (code === 1002) return { action: 'stop', problem: { kind: 'protocol-mismatch', message: reason || 'protocol mismatch' } }
  if (code === 1009) return { action: 'stop', problem: { kind: 'rejected', code: 'PAYLOAD_TOO_LARGE', message: reason || 'frame too large' } }
  if (restartExpectedMs !== undefined) return { action: 'retry', retryAfterMs: restartExpectedMs, reason: 'gateway restarting' }
  return { action: 'retry', reason: reason || `connection closed (${code})` }
}

export type ConnectAnswer =
  | { ok: true; hello: HelloOk; credential: ChosenCredential }
  /** `reason` goes with the dropped socket; `diagnostic`, when set, is a protocol fault worth reporting. */
  | { ok: false; reason: string; failure: ConnectFailure; diagnostic?: string }

/**
 * What the answer to our `connect` means: a hello to go on with, or why not and what to do.
 * `credential` is the one the connect presented; without one no connect went out, and an answer
 * to it counts as a refusal.
 */
export function readConnectAnswer(frame: ResFrame, role: string, credential: ChosenCredential | null): ConnectAnswer {
  if (!frame.ok || !credential) {
    const error = frame.error ?? { code: 'UNKNOWN', message: 'connect refused without a reason' }
    return { ok: false, reason: 'connect refused', failure: classifyConnectError(error, role) }
  }
  const hello = HelloOk.safeParse(frame.payload)
  if (!hello.success) {
    const message = 'The gateway answered with a hello this app does not understand.'
    const failure: ConnectFailure = { action: 'stop', problem: { kind: 'rejected', code: 'BAD_HELLO', message } }
    return { ok: false, reason: 'bad hello', failure, diagnostic: 'hello-ok does not match the protocol' }
  }
  const granted = hello.data.auth?.role
  if (granted !== undefined && granted !== role) {
    // NOTE: we never adopt a role the user did not choose; a mismatch is a gateway bug to report, not to follow.
    const message = `The gateway connected this device as ${granted}, not ${role}.`
    return { ok: false, reason: 'role mismatch', failure: { action: 'stop', problem: { kind: 'rejected', code: 'ROLE_MISMATCH', message } } }
  }
  return { ok: true, hello: hello.data, credential }
}
