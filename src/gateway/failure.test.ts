// @vitest-environment node
import { MIN_GATEWAY_RELEASE } from './gatewayReleases'
import { describe, expect, it } from 'vitest'
import { classifyClose, classifyConnectError } from './failure'
import type { ErrorShape } from './protocol'

const authError = (detailCode: string, authReason: string, message: string, extra: Partial<ErrorShape> = {}): ErrorShape => ({
  code: 'INVALID_REQUEST',
  message,
  details: { code: detailCode, authReason, canRetryWithDeviceToken: false, recommendedNextStep: 'update_auth_credentials' },
  ...extra,
})

const pairingError = (reason: string, requestId?: string): ErrorShape => ({
  code: 'NOT_PAIRED',
  message: `pairing required: ${reason}`,
  details: {
    code: 'PAIRING_REQUIRED',
    reason,
    ...(requestId ? { requestId } : {}),
    remediationHint: 'Approve this device from the pending pairing requests.',
    deviceId: '21fe31df',
    requestedRole: 'operator',
    requestedScopes: ['operator.read', 'operator.write'],
  },
})

// §7 rows 1–17 (row 7 is row 12; row 8b succeeds; row 17 has no response, see classifyClose), as documented.
const ROWS = {
  startup: { code: 'UNAVAILABLE', message: 'gateway starting; retry shortly', retryable: true, retryAfterMs: 500, details: { reason: 'startup-sidecars' } },
  restartDrain: {
    code: 'UNAVAILABLE',
    message: 'connect unavailable during gateway restart',
    retryable: true,
    retryAfterMs: 1000,
    details: { method: 'connect', reason: 'restart', phase: 'draining' },
  },
  suspensionDrain: {
    code: 'UNAVAILABLE',
    message: 'connect unavailable during gateway suspension',
    retryable: true,
    retryAfterMs: 1000,
    details: { method: 'connect', reason: 'suspension', phase: 'suspended' },
  },
  protocolMismatch: {
    code: 'INVALID_REQUEST',
    message: 'protocol mismatch',
    details: { code: 'PROTOCOL_MISMATCH', clientMinProtocol: 3, clientMaxProtocol: 3, expectedProtocol: 4, minimumProbeProtocol: 3 },
  },
  invalidRole: { code: 'INVALID_REQUEST', message: 'invalid role' },
  originMissing: {
    code: 'INVALID_REQUEST',
    message: 'origin not allowed (open the Control UI from the gateway host or allow it in gateway.controlUi.allowedOrigins)',
    details: { code: 'CONTROL_UI_ORIGIN_NOT_ALLOWED', reason: 'origin missing or invalid' },
  },
  originNotAllowed: {
    code: 'INVALID_REQUEST',
    message: 'origin not allowed (open the Control UI from the gateway host or allow it in gateway.controlUi.allowedOrigins)',
    details: { code: 'CONTROL_UI_ORIGIN_NOT_ALLOWED', reason: 'origin not allowed' },
  },
  controlUiIdentity: {
    code: 'INVALID_REQUEST',
    message: 'control ui requires device identity (use HTTPS or localhost secure context)',
    details: { code: 'CONTROL_UI_DEVICE_IDENTITY_REQUIRED' },
  },
  deviceIdentity: { code: 'NOT_PAIRED', message: 'device identity required', details: { code: 'DEVICE_IDENTITY_REQUIRED' } },
  deviceIdMismatch: {
    code: 'INVALID_REQUEST',
    message: 'device identity mismatch',
    details: { code: 'DEVICE_AUTH_DEVICE_ID_MISMATCH', reason: 'device-id-mismatch' },
  },
  signatureExpired: {
    code: 'INVALID_REQUEST',
    message: 'device signature expired',
    details: { code: 'DEVICE_AUTH_SIGNATURE_EXPIRED', reason: 'device-signature-stale' },
  },
  nonceRequired: { code: 'INVALID_REQUEST', message: 'device nonce required', details: { code: 'DEVICE_AUTH_NONCE_REQUIRED', reason: 'device-nonce-missing' } },
  nonceMismatch: {
    code: 'INVALID_REQUEST',
    message: 'device nonce mismatch',
    details: { code: 'DEVICE_AUTH_NONCE_MISMATCH', reason: 'device-nonce-mismatch' },
  },
  signatureInvalid: {
    code: 'INVALID_REQUEST',
    message: 'device signature invalid',
    details: { code: 'DEVICE_AUTH_SIGNATURE_INVALID', reason: 'device-signature' },
  },
  publicKeyInvalid: {
    code: 'INVALID_REQUEST',
    message: 'device public key invalid',
    details: { code: 'DEVICE_AUTH_PUBLIC_KEY_INVALID', reason: 'device-public-key' },
  },
  verifiedUser: { code: 'NOT_PAIRED', message: 'operator role policies require a verified user identity', details: { code: 'AUTH_VERIFIED_USER_REQUIRED' } },
  nodePairingUnavailable: { code: 'NOT_PAIRED', message: 'authenticated node pairing identity unavailable' },
  nodePairingChanged: { code: 'NOT_PAIRED', message: 'node pairing changed during connect' },
  buildMismatch: {
    code: 'UNAVAILABLE',
    message: 'protocol mismatch: Control UI updated; reload this page to continue',
    retryable: false,
    details: { code: 'PROTOCOL_MISMATCH', gatewayBuildId: 'b2', reloadRequired: true },
  },
  accessPolicy: { code: 'FORBIDDEN', message: 'Gateway access is no longer active; ask a Gateway administrator to restore it.' },
} satisfies Record<string, ErrorShape>

// §7.1, one entry per details.code.
const AUTH = {
  tokenMissing: authError('AUTH_TOKEN_MISSING', 'token_missing', 'unauthorized: gateway token missing (provide gateway auth token)'),
  tokenMismatch: authError(
    'AUTH_TOKEN_MISMATCH',
    'token_mismatch',
    'unauthorized: gateway token mismatch (open the dashboard URL and paste the token in Control UI settings)',
  ),
  tokenNotConfigured: authError(
    'AUTH_TOKEN_NOT_CONFIGURED',
    'token_missing_config',
    'unauthorized: gateway token not configured on gateway (set gateway.auth.token)',
  ),
  passwordMissing: authError('AUTH_PASSWORD_MISSING', 'password_missing', 'unauthorized: gateway password missing (enter the password in Control UI settings)'),
  passwordMismatch: authError('AUTH_PASSWORD_MISMATCH', 'password_mismatch', 'unauthorized: gateway password mismatch'),
  passwordNotConfigured: authError('AUTH_PASSWORD_NOT_CONFIGURED', 'password_missing_config', 'unauthorized: gateway password not configured'),
  required: authError('AUTH_REQUIRED', 'token_missing', 'unauthorized: gateway token missing (provide gateway auth token)'),
  unauthorized: authError('AUTH_UNAUTHORIZED', 'proxy_attribution_required', 'unauthorized'),
  tailscale: authError('AUTH_TAILSCALE_IDENTITY_MISSING', 'tailscale_user_missing', 'unauthorized: tailscale identity missing'),
  identityHeader: authError('AUTH_IDENTITY_HEADER_REQUIRED', 'trusted_proxy_user_missing', 'unauthorized: identity header required'),
  bootstrapInvalid: authError('AUTH_BOOTSTRAP_TOKEN_INVALID', 'bootstrap_token_invalid', 'unauthorized: setup code invalid, expired, revoked, or already used'),
  deviceTokenMismatch: authError('AUTH_DEVICE_TOKEN_MISMATCH', 'device_token_mismatch', 'unauthorized: device token mismatch (rotate/reissue device token)'),
  scopeMismatch: authError('AUTH_SCOPE_MISMATCH', 'scope_mismatch', 'unauthorized: device token scope mismatch (re-pair or approve scope upgrade)'),
  rateLimited: authError('AUTH_RATE_LIMITED', 'rate_limited', 'unauthorized: too many failed authentication attempts (retry later)', {
    retryable: true,
    retryAfterMs: 300_000,
  }),
} satisfies Record<string, ErrorShape>

describe('classifyConnectError: retryable drains (§6, §7 rows 1–2)', () => {
  it('retries a starting gateway after the 500 ms it asks for', () => {
    expect(classifyConnectError(ROWS.startup, 'operator')).toEqual({ action: 'retry', connectAfterMs: 500, reason: ROWS.startup.message })
  })

  it.each([
    ['restart', ROWS.restartDrain],
    ['suspension', ROWS.suspensionDrain],
  ])('retries a %s drain after the 1000 ms it asks for', (_name, error) => {
    expect(classifyConnectError(error, 'operator')).toEqual({ action: 'retry', connectAfterMs: 1000, reason: error.message })
  })

  it('retries an UNAVAILABLE without retryAfterMs on the normal backoff', () => {
    expect(classifyConnectError({ code: 'UNAVAILABLE', message: 'The server is busy. Please try again in a moment.', retryable: true }, 'node')).toEqual({
      action: 'retry',
      connectAfterMs: undefined,
      reason: 'The server is busy. Please try again in a moment.',
    })
  })

  it('does not retry an UNAVAILABLE marked retryable:false', () => {
    expect(classifyConnectError({ code: 'UNAVAILABLE', message: 'closed for good', retryable: false }, 'operator').action).toBe('stop')
  })
})

describe('classifyConnectError: terminal rows of §7', () => {
  it.each([
    ['INVALID_REQUEST', ROWS.protocolMismatch],
    ['UNAVAILABLE reloadRequired', ROWS.buildMismatch],
  ])('stops on PROTOCOL_MISMATCH (%s)', (_name, error) => {
    expect(classifyConnectError(error, 'operator')).toMatchObject({ action: 'stop', problem: { kind: 'protocol-mismatch', message: error.message } })
  })

  it('keeps the protocol a gateway says it expects', () => {
    expect(classifyConnectError(ROWS.protocolMismatch, 'operator')).toEqual({
      action: 'stop',
      problem: { kind: 'protocol-mismatch', message: 'protocol mismatch', gatewayProtocol: 4 },
    })
  })

  it('stops with the gateway’s protocol when a protocol-3-only gateway (2026.4.29) refuses protocol 4', () => {
    // What openclaw 2026.4.29 answers a connect with minProtocol 4 (then it closes the socket with 1002).
    const error = { code: 'INVALID_REQUEST', message: 'protocol mismatch', details: { expectedProtocol: 3 } }
    expect(classifyConnectError(error, 'operator')).toEqual({
      action: 'stop',
      problem: { kind: 'gateway-too-old', gatewayProtocol: 3, minimumRelease: MIN_GATEWAY_RELEASE },
    })
  })

  it.each([
    ['missing', ROWS.originMissing],
    ['not allowed', ROWS.originNotAllowed],
  ])('stops with origin-not-allowed when the origin is %s', (_name, error) => {
    expect(classifyConnectError(error, 'operator')).toEqual({ action: 'stop', problem: { kind: 'origin-not-allowed', message: error.message } })
  })

  it.each([
    ['invalid role', ROWS.invalidRole, 'INVALID_REQUEST'],
    ['Control UI without device identity', ROWS.controlUiIdentity, 'CONTROL_UI_DEVICE_IDENTITY_REQUIRED'],
    ['missing device identity', ROWS.deviceIdentity, 'DEVICE_IDENTITY_REQUIRED'],
    ['device id mismatch', ROWS.deviceIdMismatch, 'DEVICE_AUTH_DEVICE_ID_MISMATCH'],
    ['expired signature', ROWS.signatureExpired, 'DEVICE_AUTH_SIGNATURE_EXPIRED'],
    ['missing nonce', ROWS.nonceRequired, 'DEVICE_AUTH_NONCE_REQUIRED'],
    ['nonce mismatch', ROWS.nonceMismatch, 'DEVICE_AUTH_NONCE_MISMATCH'],
    ['invalid signature', ROWS.signatureInvalid, 'DEVICE_AUTH_SIGNATURE_INVALID'],
    ['invalid public key', ROWS.publicKeyInvalid, 'DEVICE_AUTH_PUBLIC_KEY_INVALID'],
    ['verified user required', ROWS.verifiedUser, 'AUTH_VERIFIED_USER_REQUIRED'],
    ['node pairing identity unavailable', ROWS.nodePairingUnavailable, 'NOT_PAIRED'],
    ['node pairing changed', ROWS.nodePairingChanged, 'NOT_PAIRED'],
    ['access policy', ROWS.accessPolicy, 'FORBIDDEN'],
  ])('stops as rejected on %s, naming the most specific code', (_name, error, code) => {
    expect(classifyConnectError(error, 'operator')).toEqual({ action: 'stop', problem: { kind: 'rejected', code, message: error.message } })
  })

  it('never retries an unknown code', () => {
    expect(classifyConnectError({ code: 'SOMETHING_NEW', message: 'new failure' }, 'operator')).toEqual({
      action: 'stop',
      problem: { kind: 'rejected', code: 'SOMETHING_NEW', message: 'new failure' },
    })
    expect(classifyConnectError({ code: 'INVALID_REQUEST', message: 'x', details: { code: 'BRAND_NEW' }, retryable: true }, 'operator').action).toBe('stop')
  })

  it('ignores details that are not an object', () => {
    expect(classifyConnectError({ code: 'INVALID_REQUEST', message: 'm', details: 'PAIRING_REQUIRED' }, 'operator').action).toBe('stop')
    expect(classifyConnectError({ code: 'UNAVAILABLE', message: 'm', details: null, retryAfterMs: 10 }, 'operator')).toMatchObject({
      action: 'retry',
      connectAfterMs: 10,
    })
  })
})

describe('classifyConnectError: authentication failures (§7.1)', () => {
  it.each([
    ['AUTH_TOKEN_MISSING', AUTH.tokenMissing],
    ['AUTH_TOKEN_MISMATCH', AUTH.tokenMismatch],
    ['AUTH_TOKEN_NOT_CONFIGURED', AUTH.tokenNotConfigured],
    ['AUTH_PASSWORD_MISSING', AUTH.passwordMissing],
    ['AUTH_PASSWORD_MISMATCH', AUTH.passwordMismatch],
    ['AUTH_PASSWORD_NOT_CONFIGURED', AUTH.passwordNotConfigured],
    ['AUTH_REQUIRED', AUTH.required],
    ['AUTH_UNAUTHORIZED', AUTH.unauthorized],
  ])('%s stops as auth-failed', (code, error) => {
    expect(classifyConnectError(error, 'operator')).toEqual({ action: 'stop', problem: { kind: 'auth-failed', code, message: error.message } })
  })

  it.each([
    ['AUTH_TAILSCALE_IDENTITY_MISSING', AUTH.tailscale],
    ['AUTH_IDENTITY_HEADER_REQUIRED', AUTH.identityHeader],
  ])('%s stops', (code, error) => {
    expect(classifyConnectError(error, 'operator')).toEqual({ action: 'stop', problem: { kind: 'rejected', code, message: error.message } })
  })

  it('AUTH_BOOTSTRAP_TOKEN_INVALID stops as bootstrap-invalid', () => {
    expect(classifyConnectError(AUTH.bootstrapInvalid, 'operator')).toEqual({
      action: 'stop',
      problem: { kind: 'bootstrap-invalid', message: AUTH.bootstrapInvalid.message },
    })
  })

  it.each([
    ['AUTH_DEVICE_TOKEN_MISMATCH', AUTH.deviceTokenMismatch, 'operator'],
    ['AUTH_DEVICE_TOKEN_MISMATCH', AUTH.deviceTokenMismatch, 'node'],
    ['AUTH_SCOPE_MISMATCH', AUTH.scopeMismatch, 'operator'],
    ['AUTH_SCOPE_MISMATCH', AUTH.scopeMismatch, 'node'],
  ] as const)('%s drops the %s device token', (_code, error, role) => {
    expect(classifyConnectError(error, role)).toEqual({ action: 'drop-device-token', problem: { kind: 'device-token-rejected', role, message: error.message } })
  })

  it('AUTH_RATE_LIMITED stops as rate-limited and carries retryAfterMs, although marked retryable', () => {
    expect(classifyConnectError(AUTH.rateLimited, 'operator')).toEqual({
      action: 'stop',
      problem: { kind: 'rate-limited', retryAfterMs: 300_000, message: AUTH.rateLimited.message },
    })
  })
})

describe('classifyConnectError: PAIRING_REQUIRED (§9.3)', () => {
  it.each(['not-paired', 'role-upgrade', 'scope-upgrade', 'metadata-upgrade'])(
    'waits for approval of a %s request, carrying requestId and reason',
    (reason) => {
      expect(classifyConnectError(pairingError(reason, 'req-1'), 'operator')).toEqual({
        action: 'wait-approval',
        problem: { kind: 'pairing-pending', requestId: 'req-1', reason },
      })
    },
  )

  it('waits with the verbatim §9.3 details, including the retry hints', () => {
    const error = {
      code: 'NOT_PAIRED',
      message: 'pairing required: device is not approved yet',
      details: {
        code: 'PAIRING_REQUIRED',
        reason: 'not-paired',
        requestId: '6a1f',
        recommendedNextStep: 'wait_then_retry',
        retryable: true,
        pauseReconnect: false,
      },
    }
    expect(classifyConnectError(error, 'operator')).toMatchObject({ action: 'wait-approval', problem: { requestId: '6a1f', reason: 'not-paired' } })
  })

  it('stops when there is no request to wait for', () => {
    const error = pairingError('not-paired')
    expect(classifyConnectError(error, 'operator')).toEqual({ action: 'stop', problem: { kind: 'rejected', code: 'PAIRING_REQUIRED', message: error.message } })
  })

  it('defaults a missing reason to not-paired', () => {
    const error = { code: 'NOT_PAIRED', message: 'pairing required', details: { code: 'PAIRING_REQUIRED', requestId: 'r' } }
    expect(classifyConnectError(error, 'node')).toEqual({ action: 'wait-approval', problem: { kind: 'pairing-pending', requestId: 'r', reason: 'not-paired' } })
  })
})

describe('classifyConnectError: no terminal failure is ever retried', () => {
  // Every terminal failure of §7, §7.1 and §10.5's terminal list, built as documented.
  const terminal: Array<[string, ErrorShape]> = [
    ...Object.entries(ROWS).filter(([name]) => !['startup', 'restartDrain', 'suspensionDrain'].includes(name)),
    ...Object.entries(AUTH),
    ['pairing without requestId', pairingError('not-paired')],
    ['CONTROL_UI_BUILD_MISMATCH', { code: 'INVALID_REQUEST', message: 'control ui build mismatch', details: { code: 'CONTROL_UI_BUILD_MISMATCH' } }],
  ]

  it.each(terminal)('%s is not classified as retry, for either role', (_name, error) => {
    for (const role of ['operator', 'node']) {
      const failure = classifyConnectError(error, role)
      expect(failure.action).not.toBe('retry')
      expect(failure.action).not.toBe('wait-approval')
    }
  })
})

describe('classifyClose', () => {
  it.each([
    [1000, ''],
    [1001, 'going away'],
    [1006, ''],
    [1008, 'slow consumer'],
    [1011, 'internal error'],
    [1012, 'service restart'],
    [1013, 'gateway starting'],
    [4000, 'tick timeout'],
    [4001, 'gateway auth changed'],
  ])('retries after close %i', (code, reason) => {
    expect(classifyClose(code, reason)).toEqual({ action: 'retry', reason: reason || `connection closed (${code})` })
  })

  it('stops after 1002 (protocol mismatch)', () => {
    expect(classifyClose(1002, 'protocol mismatch')).toEqual({ action: 'stop', problem: { kind: 'protocol-mismatch', message: 'protocol mismatch' } })
    expect(classifyClose(1002, '')).toMatchObject({ action: 'stop', problem: { kind: 'protocol-mismatch' } })
  })

  it('stops after 1009 (frame too large for the pre-auth cap)', () => {
    expect(classifyClose(1009, 'preauth payload too large')).toEqual({
      action: 'stop',
      problem: { kind: 'rejected', code: 'PAYLOAD_TOO_LARGE', message: 'preauth payload too large' },
    })
  })
})
