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

export function isMethodAllowedForRole(role: Role, method: string): boolean {
  if (method === 'health') return true
  return role === 'node' ? NODE_ROLE_METHODS.has(method) : !NODE_ROLE_METHODS.has(method)
}

/** Scopes to request for a role: chat needs read and write; a node asks for none. */
export function defaultScopesFor(role: Role): string[] {
  return role === 'operator' ? [...OPERATOR_CHAT_SCOPES] : []
}
