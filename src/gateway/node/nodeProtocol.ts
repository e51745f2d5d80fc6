/**
 * The node side of the gateway protocol (openclaw 2026.9.6), read from the package's dist code:
 * the gateway sends `node.invoke.request` events (built by `buildNodeInvokeRequest`,
 * src/gateway/node-invoke-request.ts) and the node answers with the `node.invoke.result` method,
 * whose params schema (`NodeInvokeResultParamsSchema`, packages/gateway-protocol/src/schema/nodes.ts)
 * is closed: nothing but the fields below may be sent.
 */
import * as z from 'zod/mini'

export { NODE_INVOKE_CANCEL_EVENT, NODE_INVOKE_REQUEST_EVENT, NODE_PAIR_RESOLVED_EVENT } from './nodeEvents'
export const NODE_INVOKE_RESULT_METHOD = 'node.invoke.result'

/** `{id, nodeId, command, paramsJSON: string | null, timeoutMs, idempotencyKey, sessionKey?}`. */
export const NodeInvokeRequest = z.looseObject({
  id: z.string().check(z.minLength(1)),
  nodeId: z.string().check(z.minLength(1)),
  command: z.string().check(z.minLength(1)),
  paramsJSON: z.optional(z.nullable(z.string())),
  timeoutMs: z.optional(z.number().check(z.nonnegative())),
  idempotencyKey: z.optional(z.string()),
  sessionKey: z.optional(z.string()),
})
export type NodeInvokeRequest = z.infer<typeof NodeInvokeRequest>

/** The gateway gave up on an invocation (its caller went away): stop work nobody will read. */
export const NodeInvokeCancel = z.looseObject({ invokeId: z.string().check(z.minLength(1)), nodeId: z.optional(z.string()) })
export type NodeInvokeCancel = z.infer<typeof NodeInvokeCancel>

/** Sent to every node of a device when an operator approves or rejects its command surface. */
export const NodePairResolved = z.looseObject({
  requestId: z.optional(z.string()),
  nodeId: z.string(),
  decision: z.string(),
  ts: z.optional(z.number()),
})
export type NodePairResolved = z.infer<typeof NodePairResolved>

export type InvokeError = { code: string; message: string }
export type InvokeOutcome = { ok: true; payload: unknown } | { ok: false; error: InvokeError }

/** The closed `node.invoke.result` params. */
export type NodeInvokeResultParams = {
  id: string
  nodeId: string
  ok: boolean
  payload?: unknown
  error?: { code: string; message: string }
}

/** The gateway's generic codes, which the node host sends with plain messages. */
const GENERIC_CODES = new Set(['UNAVAILABLE', 'INVALID_REQUEST'])

/**
 * NOTE: a specific code also leads the message ("CAMERA_DISABLED: enable Camera in Settings", as
 * the docs and the Android node write it): when a plugin policy wraps the command (the bundled
 * linux-node plugin does for location.get and camera.list), the gateway forwards only the message
 * as the caller's error text, and `openclaw nodes …` prints nothing else.
 */
export function nodeErrorMessage(error: InvokeError): string {
  const message = error.message || error.code
  return GENERIC_CODES.has(error.code) || message.startsWith(`${error.code}:`) ? message : `${error.code}: ${message}`
}

export function invokeResultParams(request: Pick<NodeInvokeRequest, 'id' | 'nodeId'>, outcome: InvokeOutcome): NodeInvokeResultParams {
  return outcome.ok
    ? { id: request.id, nodeId: request.nodeId, ok: true, ...(outcome.payload === undefined ? {} : { payload: outcome.payload }) }
    : { id: request.id, nodeId: request.nodeId, ok: false, error: { code: outcome.error.code, message: nodeErrorMessage(outcome.error) } }
}

/**
 * What an operator connection learns from `node.describe {nodeId}` about this device's node
 * (operator.read). `commands` is the effective surface: declared, approved and allowed by policy.
 * `pendingRequestId` is only shown to the device itself (nodes.read.ts `safeNodeReadProjection`).
 */
export const NodeDescription = z.looseObject({
  nodeId: z.string(),
  commands: z._default(z.array(z.string()), []),
  approvalState: z.optional(z.string()),
  pendingRequestId: z.optional(z.string()),
  connected: z.optional(z.boolean()),
})
export type NodeDescription = z.infer<typeof NodeDescription>
