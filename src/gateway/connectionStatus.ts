/**
 * What a GatewayClient tells its listeners: where its link stands, one phase at a time, and what
 * looked wrong on the wire along the way. Store and UI read these; only the client writes them.
 */
import type { Problem } from './failure'
import type { HelloOk } from './protocol'

export type ConnectionStatus =
  | { phase: 'idle' }
  | { phase: 'connecting'; attempt: number }
  | { phase: 'connected'; hello: HelloOk }
  | { phase: 'reconnecting'; attempt: number; retryInMs: number; reason: string }
  | { phase: 'offline' }
  | { phase: 'waiting-approval'; requestId: string; reason: string; nextCheckInMs: number }
  | { phase: 'needs-user'; problem: Problem }
  | { phase: 'stopped' }

/** `oversized-frame`: larger than hello-ok's policy.maxPayload, dropped unread. */
export type Diagnostic = { kind: 'malformed-frame' | 'oversized-frame' | 'unknown-response' | 'seq-gap' | 'bad-payload'; detail: string }
