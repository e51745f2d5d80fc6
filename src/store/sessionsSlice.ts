/**
 * The session list of each operator gateway (newest first, with titles), "New chat", and which
 * session was open last. Subscribing also makes the gateway push `sessions.changed` events.
 */
import type { StateCreator } from 'zustand/vanilla'
import * as z from 'zod/mini'
import type { AppState, StoreDeps } from './store'

const SessionRowSchema = z.looseObject({
  key: z.string().check(z.minLength(1)),
  updatedAt: z.optional(z.number()),
  displayName: z.optional(z.string()),
  label: z.optional(z.string()),
  derivedTitle: z.optional(z.string()),
  title: z.optional(z.string()),
  lastMessagePreview: z.optional(z.string()),
  isMain: z.optional(z.boolean()),
  hasActiveRun: z.optional(z.boolean()),
})
const SessionsResult = z.looseObject({ sessions: z._default(z.array(z.unknown()), []) })
const SubscribeResult = z.looseObject({ list: z.optional(SessionsResult) })
const CreateResult = z.looseObject({ key: z.string().check(z.minLength(1)) })

export type SessionRow = { key: string; title: string; updatedAt: number; isMain: boolean; hasActiveRun: boolean }

const SESSION_LIST_LIMIT = 50
const PREVIEW_TITLE_CHARS = 60

function toRow(raw: unknown): SessionRow | null {
  const parsed = SessionRowSchema.safeParse(raw)
  if (!parsed.success) return null
  const row = parsed.data
  // A blank name is no name: the picker would show an empty row.
  const named = (value: string | undefined) => (value?.trim() ? value : undefined)
  const preview = named(row.lastMessagePreview)?.slice(0, PREVIEW_TITLE_CHARS)
  const title = named(row.displayName) ?? named(row.label) ?? named(row.title) ?? named(row.derivedTitle) ?? (row.isMain ? 'Main chat' : preview) ?? 'New chat'
  return { key: row.key, title, updatedAt: row.updatedAt ?? 0, isMain: row.isMain ?? false, hasActiveRun: row.hasActiveRun ?? false }
}

export function parseSessionList(raw: unknown): SessionRow[] {
  const result = SessionsResult.safeParse(raw)
  if (!result.success) return []
  const rows = result.data.sessions.flatMap((entry) => toRow(entry) ?? []).sort((a, b) => b.updatedAt - a.updatedAt)
  // One row per key (the picker keys rows by it); the newest copy wins.
  const seen = new Set<string>()
  return rows.filter((row) => !seen.has(row.key) && Boolean(seen.add(row.key)))
}

export type SessionsSlice = {
  sessions: Record<string, SessionRow[]>
  refreshSessions(gatewayId: string): Promise<void>
  createSession(gatewayId: string): Promise<void>
  rememberSession(gatewayId: string, sessionKey: string): void
  lastSessionKey(gatewayId: string): string | null
}

export const createSessionsSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], SessionsSlice> =>
  (set, get) => ({
    sessions: {},

    async refreshSessions(gatewayId) {
      const client = get().clientFor(gatewayId)
      if (client?.status.phase !== 'connected') return
      const params = { limit: SESSION_LIST_LIMIT, includeDerivedTitles: true, includeLastMessage: true, excludeSubagents: true, excludeCron: true }
      try {
        const subscribed = SubscribeResult.safeParse(await client.request('sessions.subscribe', params))
        const list = subscribed.success && subscribed.data.list ? subscribed.data.list : await client.request('sessions.list', params)
        set({ sessions: { ...get().sessions, [gatewayId]: parseSessionList(list) } })
      } catch {
        // The list is a convenience; chat works without it, and the next reconnect tries again.
      }
    },

    async createSession(gatewayId) {
      const client = get().clientFor(gatewayId)
      if (client?.status.phase !== 'connected') return
      const agentId = client.helloOk?.snapshot?.sessionDefaults?.defaultAgentId ?? 'main'
      // openSession switches to the key at once and then loads history; wrapped, so the hold
      // below ends at the switch and not after the history.
      const opening = client.request('sessions.create', { agentId }).then((raw) => ({ opened: get().openSession(gatewayId, CreateResult.parse(raw).key) }))
      // Until the new key is known, a message typed now would land in the previous session.
      get().holdSending(gatewayId, opening)
      await (await opening).opened
      await get().refreshSessions(gatewayId)
    },

    rememberSession(gatewayId, sessionKey) {
      deps.preferences.setLastSession(gatewayId, sessionKey)
    },

    lastSessionKey: (gatewayId) => deps.preferences.lastSession(gatewayId),
  })
