/**
 * The session list on the wire: sessions.subscribe / sessions.list / sessions.create and the parse of their rows.
 * A chunk of its own (loaded by sessionsSlice.ts once a gateway connects): no first screen needs it before then.
 */
import { SessionListRow, SessionsCreateResult, SessionsListResult, SessionsSubscribeResult, type GatewayClient } from '../gateway'
import type { SessionRow } from './sessionsSlice'

const SESSION_LIST_LIMIT = 50
const PREVIEW_TITLE_CHARS = 60
function toRow(raw: unknown): SessionRow | null {
  const parsed = SessionListRow.safeParse(raw)
  if (!parsed.success) return null
  const row = parsed.data
  // A blank name is no name: the picker would show an empty row.
  const named = (value: string | undefined) => (value?.trim() ? value : undefined)
  const preview = named(row.lastMessagePreview)?.slice(0, PREVIEW_TITLE_CHARS)
  // No fallback wording here: display text is the UI's, in the user's language (ARCHITECTURE.md, text section).
  const title = named(row.displayName) ?? named(row.label) ?? named(row.title) ?? named(row.derivedTitle) ?? (row.isMain ? undefined : preview)
  return { key: row.key, title, updatedAt: row.updatedAt ?? 0, isMain: row.isMain ?? false, hasActiveRun: row.hasActiveRun ?? false }
}

export function parseSessionList(raw: unknown): SessionRow[] {
  const result = SessionsListResult.safeParse(raw)
  if (!result.success) return []
  const rows = result.data.sessions.flatMap((entry) => toRow(entry) ?? []).sort((a, b) => b.updatedAt - a.updatedAt)
  // One row per key (the picker keys rows by it); the newest copy wins.
  const seen = new Set<string>()
  return rows.filter((row) => !seen.has(row.key) && Boolean(seen.add(row.key)))
}

/** Subscribes (which also makes the gateway push `sessions.changed`) and returns the list it gives, or lists. */
export async function fetchSessionList(client: GatewayClient): Promise<SessionRow[]> {
  const params = { limit: SESSION_LIST_LIMIT, includeDerivedTitles: true, includeLastMessage: true, excludeSubagents: true, excludeCron: true }
  const subscribed = SessionsSubscribeResult.safeParse(await client.request('sessions.subscribe', params))
  return parseSessionList(subscribed.success && subscribed.data.list ? subscribed.data.list : await client.request('sessions.list', params))
}

/** Asks the gateway for a new session of the agent; its key. */
export async function createSessionKey(client: GatewayClient, agentId: string): Promise<string> {
  return SessionsCreateResult.parse(await client.request('sessions.create', { agentId })).key
}
