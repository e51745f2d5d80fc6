/** Errors a request can end with. Each keeps the gateway's code so callers branch on codes, not text. */
export class GatewayRequestError extends Error {
  override name = 'GatewayRequestError'
  constructor(
    readonly code: string,
    message: string,
    readonly retryable = false,
    readonly details?: unknown,
    readonly retryAfterMs?: number,
  ) {
    super(message)
  }
}

/** The request may or may not have reached the gateway: resend it with the same idempotency key. */
export class GatewayDisconnectedError extends Error {
  override name = 'GatewayDisconnectedError'
  readonly code = 'DISCONNECTED'
}

export class GatewayTimeoutError extends Error {
  override name = 'GatewayTimeoutError'
  readonly code = 'TIMEOUT'
}

/** Refused before sending: the method belongs to the other role, and the gateway would refuse it too. */
export class RoleNotAllowedError extends Error {
  override name = 'RoleNotAllowedError'
  readonly code = 'ROLE_NOT_ALLOWED'
}
