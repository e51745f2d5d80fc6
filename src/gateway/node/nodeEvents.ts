/**
 * The names of the events a gateway sends its nodes (their payloads are in nodeProtocol.ts): apart,
 * so that the app's entry can listen for them without taking in the payload schemas.
 */
export const NODE_INVOKE_REQUEST_EVENT = 'node.invoke.request'
export const NODE_INVOKE_CANCEL_EVENT = 'node.invoke.cancel'
export const NODE_PAIR_RESOLVED_EVENT = 'node.pair.resolved'
