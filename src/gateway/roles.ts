import type { Role } from './protocol'

/**
 * Methods only a `node` connection may call (openclaw 2026.9.6, core descriptors with scope "node").
 * Every other method is operator-only, except `health`, which the gateway lets any role call.
 */
export const NODE_ROLE_METHODS: ReadonlySet<string> = new Set([
  'skills.bins',
  'node.pluginSurface.refresh',
  'node.pluginTools.update',
  'node.skills.update',
  'node.runnerInventory.update',
  'node.pending.drain',
  'node.pending.pull',
  'node.pending.ack',
  'node.invoke.progress',
  'node.invoke.result',
  'node.event',
])

export const OPERATOR_CHAT_SCOPES = ['operator.read', 'operator.write'] as const
/** What an operator needs to see and answer exec/plugin approvals and agent questions. */
export const APPROVAL_SCOPES = ['operator.approvals', 'operator.questions'] as const
/** The `connect` capability that makes the gateway route approvals to this client (its `canDeliverApprovals`). */
export const APPROVALS_CAP = 'approvals'

/** Whether the scopes a connection holds include `scope` (`operator.admin` holds them all). */
export function holdsScope(scopes: readonly string[] | undefined, scope: string): boolean {
  return Boolean(scopes?.includes(scope) || scopes?.includes('operator.admin'))
}

export function isMethodAllowedForRole(role: Role, method: string): boolean {
  if (method === 'health') return true
  return role === 'node' ? NODE_ROLE_METHODS.has(method) : !NODE_ROLE_METHODS.has(method)
}

/** Scopes to request for a role: chat needs read and write; a node asks for none. */
export function defaultScopesFor(role: Role): string[] {
  return role === 'operator' ? [...OPERATOR_CHAT_SCOPES] : []
}
