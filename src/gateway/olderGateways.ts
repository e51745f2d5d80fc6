// What the client does differently for gateways older than the pinned one (found by `npm run test:compat`).
// Its own module so that only the lazily loaded client carries it, never the first screen.

/**
 * What a setup code's operator may ask for on gateways before 2026.8 (their BOOTSTRAP_HANDOFF_OPERATOR_SCOPES);
 * they refuse a bootstrap connect asking for anything else, operator.questions included, as a spent code.
 */
const OLDER_BOOTSTRAP_OPERATOR_SCOPES: ReadonlySet<string> = new Set(['operator.approvals', 'operator.read', 'operator.talk.secrets', 'operator.write'])

/** `scopes` without what older gateways' setup codes cannot grant, or undefined when nothing would be dropped. */
export function scopesForOlderBootstrap(scopes: readonly string[]): string[] | undefined {
  const kept = scopes.filter((scope) => OLDER_BOOTSTRAP_OPERATOR_SCOPES.has(scope))
  return kept.length < scopes.length ? kept : undefined
}
