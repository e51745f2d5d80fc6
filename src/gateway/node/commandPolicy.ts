/**
 * What the gateway's policy does with this browser's node commands. A browser connects with
 * platform "web", which the gateway classifies as an unknown platform (node-command-policy.ts
 * `normalizePlatformId`): only `camera.list`, `location.get` and `system.notify` are allowed by
 * default, `device.*` need `gateway.nodes.commands.allow`, and `camera.snap` is a "dangerous"
 * command that always needs that explicit opt-in. Kept apart from nodeCommands.ts (which every
 * node-role connect needs): only the node screen's setup guide reads it, so it stays out of the entry.
 */

/** Allowed for an unknown platform without any configuration (`PLATFORM_DEFAULTS.unknown`). */
export const WEB_DEFAULT_ALLOWED: ReadonlySet<string> = new Set(['camera.list', 'location.get', 'system.notify'])

/** Commands the operator has to add to `gateway.nodes.commands.allow` before the gateway forwards them. */
export function commandsNeedingAllow(commands: readonly string[]): string[] {
  return commands.filter((command) => !WEB_DEFAULT_ALLOWED.has(command))
}

/**
 * The exact CLI line that allows them. NOTE: `config set` replaces the whole array, so entries
 * already in the list have to be kept in it (the UI says so).
 */
export function allowCommandLine(commands: readonly string[]): string {
  return `openclaw config set gateway.nodes.commands.allow '${JSON.stringify(commands)}' --strict-json`
}
