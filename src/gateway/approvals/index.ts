/**
 * Exec and plugin approvals and agent questions on the wire: schemas and the parsers that turn
 * payloads into what the app shows. A folder of its own so that only the lazy approvals chunk
 * (store/approvalsImpl.ts) pulls it in; the first screen needs only the scope and cap names.
 */
export * from './approvalsProtocol'
export * from './approvalRequests'
