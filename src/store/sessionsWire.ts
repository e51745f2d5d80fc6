/**
 * Sessions on the wire: the list (sessions.subscribe / list), create, rename, archive, read marks and
 * delete (sessions.patch / delete), transcript search (sessions.search), the model catalog
 * (models.list), the command catalog (commands.list), and the parse of every answer. A chunk of its
 * own (loaded by sessionsSlice.ts once a gateway connects): no first screen needs it before then.
 */
import type { GatewayClient } from '../gateway'
import {
  CommandArg,
  CommandEntry,
  CommandsListResult,
  ModelEntry,
  ModelsListResult,
  SessionListRow,
  SessionsCreateResult,
  SessionSearchHit,
  SessionsListResult,
  SessionsSearchResult,
  SessionsSubscribeResult,
  ThinkingLevel,
} from '../gateway/sessions'
import type { ModelOption, SessionRow, SessionSearchResult, SlashCommand } from './sessionsSlice'

const SESSION_LIST_LIMIT = 50
const PREVIEW_TITLE_CHARS = 60
const SEARCH_LIMIT = 20
/** The gateway refuses more (its CommandsList schema). */
const COMMAND_LIMIT = 500

/** A blank name is no name: the picker would show an empty row. */
const named = (value: string | null | undefined) => (value?.trim() ? value : undefined)

const thinkingIds = (levels: readonly unknown[] | null | undefined): string[] =>
  (levels ?? []).flatMap((level) => {
    if (typeof level === 'string') return level ? [level] : []
    const parsed = ThinkingLevel.safeParse(level)
    return parsed.success ? [parsed.data.id] : []
  })

function toRow(raw: unknown): SessionRow | null {
  const parsed = SessionListRow.safeParse(raw)
  if (!parsed.success) return null
  const row = parsed.data
  // The user's own name (a rename) first; then the gateway's. No fallback wording here: display
  // text is the UI's, in the user's language (ARCHITECTURE.md, text section).
  const name = named(row.label) ?? named(row.displayName) ?? named(row.title) ?? named(row.derivedTitle)
  const preview = row.isMain ? undefined : named(row.lastMessagePreview)?.slice(0, PREVIEW_TITLE_CHARS)
  const model = named(row.model)
  return {
    key: row.key,
    title: name ?? preview,
    titleIsPreview: !name && preview !== undefined,
    ...(row.sessionId ? { sessionId: row.sessionId } : {}),
    updatedAt: row.updatedAt ?? 0,
    isMain: row.isMain ?? false,
    hasActiveRun: row.hasActiveRun ?? false,
    archived: row.archived ?? false,
    unread: row.unread ?? false,
    // The catalog names a model by provider and id; the row by both apart.
    ...(model ? { model: row.modelProvider && !model.includes('/') ? `${row.modelProvider}/${model}` : model } : {}),
    ...(row.thinkingLevel ? { thinkingLevel: row.thinkingLevel } : {}),
    thinkingOptions: thinkingIds(row.thinkingOptions),
  }
}

export function parseSessionList(raw: unknown): SessionRow[] {
  const result = SessionsListResult.safeParse(raw)
  if (!result.success) return []
  const rows = result.data.sessions.flatMap((entry) => toRow(entry) ?? []).sort((a, b) => b.updatedAt - a.updatedAt)
  // One row per key (the picker keys rows by it); the newest copy wins.
  const seen = new Set<string>()
  return rows.filter((row) => !seen.has(row.key) && Boolean(seen.add(row.key)))
}

/**
 * A title that stays put: a session known only by its last message's words keeps the words it was
 * first shown with (each new message would otherwise rename it under the user's finger). A real
 * name (a rename, the gateway's title) replaces it.
 */
export function keepTitles(previous: readonly SessionRow[] | undefined, next: SessionRow[]): SessionRow[] {
  const before = new Map(previous?.map((row) => [row.key, row]))
  return next.map((row) => {
    const old = before.get(row.key)
    return row.titleIsPreview && old?.title !== undefined && old.titleIsPreview ? { ...row, title: old.title } : row
  })
}

const LIST_PARAMS = { limit: SESSION_LIST_LIMIT, includeDerivedTitles: true, includeLastMessage: true, excludeSubagents: true, excludeCron: true }

/** Subscribes (which also makes the gateway push `sessions.changed`) and returns the list it gives, or lists. */
export async function fetchSessionList(client: GatewayClient): Promise<SessionRow[]> {
  const subscribed = SessionsSubscribeResult.safeParse(await client.request('sessions.subscribe', LIST_PARAMS))
  return parseSessionList(subscribed.success && subscribed.data.list ? subscribed.data.list : await client.request('sessions.list', LIST_PARAMS))
}

/** The archived sessions (the gateway lists active ones unless asked). */
export async function fetchArchivedSessions(client: GatewayClient): Promise<SessionRow[]> {
  return parseSessionList(await client.request('sessions.list', { ...LIST_PARAMS, archived: true }))
}

/** Asks the gateway for a new session of the agent; its key. */
export async function createSessionKey(client: GatewayClient, agentId: string): Promise<string> {
  return SessionsCreateResult.parse(await client.request('sessions.create', { agentId })).key
}

/**
 * The changes the app makes to a session; each needs only `operator.write` (the gateway's
 * SESSIONS_PATCH_WRITE_SCOPE_MUTATIONS). `label: null` gives the gateway's name back.
 */
export type SessionPatch = { label?: string | null; archived?: boolean; unread?: boolean; model?: string | null; thinkingLevel?: string | null }

export async function patchSession(client: GatewayClient, row: Pick<SessionRow, 'key' | 'sessionId'>, patch: SessionPatch): Promise<void> {
  // Archiving is a lifecycle change: the gateway wants to know which incarnation of the key is meant.
  const expected = 'archived' in patch && row.sessionId ? { expectedSessionId: row.sessionId } : {}
  await client.request('sessions.patch', { key: row.key, ...expected, ...patch })
}

/**
 * Deletes a session: archived first if it is not, then `archivedOnly` (without it the gateway asks
 * for operator.admin). Named by its session id, so a key reused meanwhile is not deleted.
 */
export async function deleteSession(client: GatewayClient, row: Pick<SessionRow, 'key' | 'sessionId' | 'archived'>): Promise<void> {
  if (!row.archived) await patchSession(client, row, { archived: true })
  await client.request('sessions.delete', { key: row.key, archivedOnly: true, ...(row.sessionId ? { expectedSessionId: row.sessionId } : {}) })
}

/** Whether the gateway offers transcript search (it lists its methods in hello-ok). */
export const canSearch = (client: GatewayClient) => client.helloOk?.features?.methods.includes('sessions.search') ?? false

/** Full-text search over the visible sessions' transcripts: one result per hit, with its session's title when the gateway sends the row. */
export async function searchSessions(client: GatewayClient, query: string): Promise<SessionSearchResult[]> {
  const raw = await client.request('sessions.search', { query, limit: SEARCH_LIMIT, scope: { excludeSubagents: true, excludeCron: true } })
  const parsed = SessionsSearchResult.safeParse(raw)
  if (!parsed.success) return []
  const titles = new Map(parseSessionList({ sessions: parsed.data.sessions ?? [] }).map((row) => [row.key, row]))
  return parsed.data.results.flatMap((entry) => {
    const hit = SessionSearchHit.safeParse(entry)
    if (!hit.success) return []
    const row = titles.get(hit.data.sessionKey)
    return [{ sessionKey: hit.data.sessionKey, snippet: hit.data.snippet, title: row?.title, isMain: row?.isMain ?? false, timestamp: hit.data.timestamp }]
  })
}

/** The models the session may use (`provider/id` references, as sessions.patch takes them). */
export async function listModels(client: GatewayClient, sessionKey: string): Promise<ModelOption[]> {
  const parsed = ModelsListResult.safeParse(await client.request('models.list', { sessionKey }))
  if (!parsed.success) return []
  return parsed.data.models.flatMap((entry) => {
    const model = ModelEntry.safeParse(entry)
    if (!model.success || model.data.available === false) return []
    const { id, provider, name } = model.data
    const ref = provider && !id.includes('/') ? `${provider}/${id}` : id
    const thinkingDefault = named(model.data.thinkingDefault)
    return [{ ref, name: named(name) ?? id, thinkingLevels: thinkingIds(model.data.thinkingLevels), ...(thinkingDefault ? { thinkingDefault } : {}) }]
  })
}

/** The slash commands the session offers, each with the words it is typed as and its argument hints. */
export async function listCommands(client: GatewayClient, sessionKey: string): Promise<SlashCommand[]> {
  const parsed = CommandsListResult.safeParse(await client.request('commands.list', { sessionKey, includeArgs: true }))
  if (!parsed.success) return []
  const seen = new Set<string>()
  return parsed.data.commands.slice(0, COMMAND_LIMIT).flatMap((entry) => {
    const command = CommandEntry.safeParse(entry)
    if (!command.success) return []
    const alias = command.data.textAliases?.find((text) => text.startsWith('/')) ?? `/${command.data.name}`
    if (seen.has(alias) || /\s/.test(alias)) return []
    seen.add(alias)
    const args = (command.data.args ?? []).flatMap((raw) => {
      const arg = CommandArg.safeParse(raw)
      return arg.success ? [{ name: arg.data.name, required: arg.data.required ?? false, choices: (arg.data.choices ?? []).map((choice) => choice.value) }] : []
    })
    return [{ command: alias, description: command.data.description, acceptsArgs: command.data.acceptsArgs ?? args.length > 0, args }]
  })
}
