/**
 * The session actions beyond the list: rename, archive and restore, delete, read marks, search, the
 * model and thinking pickers, the command catalog. A chunk loaded on first use (sessionsSlice.ts
 * `sessionControls()`): the first screen draws none of it. Every call goes through sessionsWire.ts;
 * the list is fetched again after each change (the gateway's `sessions.changed` does so too).
 */
import { GatewayRequestError, type GatewayClient } from '../gateway'
import { linkOf } from './chatLink'
import type { StoreAccess } from './feature'
import type { SessionControls, SessionRow } from './sessionsSlice'
import {
  canSearch,
  createSessionKey,
  deleteSession,
  fetchArchivedSessions,
  listCommands,
  listModels,
  patchSession,
  searchSessions,
  type SessionPatch,
} from './sessionsWire'
import { createToolActivity, toolRowsFromHistory, type ToolRow } from './toolActivity'
import { readWhole } from './wholeMessage'

export type SessionControlsDeps = Pick<StoreAccess, 'set' | 'get'> & {
  connectedClient(gatewayId: string): GatewayClient | undefined
  refresh(gatewayId: string): Promise<void>
}

/** Thrown when a control is used while the gateway is not connected (the UI disables them then). */
export class NotConnectedError extends Error {
  override name = 'NotConnectedError'
}

export function createSessionControls({ set, get, connectedClient, refresh }: SessionControlsDeps): SessionControls {
  const clientOf = (gatewayId: string) => {
    const client = connectedClient(gatewayId)
    if (!client) throw new NotConnectedError(gatewayId)
    return client
  }
  const rowOf = (gatewayId: string, key: string): Pick<SessionRow, 'key' | 'sessionId' | 'archived'> =>
    [...(get().sessions[gatewayId] ?? []), ...(get().archivedSessions[gatewayId] ?? [])].find((row) => row.key === key) ?? { key, archived: false }

  /** Shows a change at once in both lists; the refresh that follows brings the gateway's word. */
  function update(gatewayId: string, key: string, change: Partial<SessionRow>) {
    const apply = (rows: SessionRow[] | undefined) => rows?.map((row) => (row.key === key ? { ...row, ...change } : row))
    const { sessions, archivedSessions } = get()
    set({
      sessions: { ...sessions, ...(sessions[gatewayId] ? { [gatewayId]: apply(sessions[gatewayId])! } : {}) },
      archivedSessions: { ...archivedSessions, ...(archivedSessions[gatewayId] ? { [gatewayId]: apply(archivedSessions[gatewayId])! } : {}) },
    })
  }

  async function loadArchived(gatewayId: string) {
    const rows = await fetchArchivedSessions(clientOf(gatewayId))
    set({ archivedSessions: { ...get().archivedSessions, [gatewayId]: rows } })
  }

  async function patchAndRefresh(gatewayId: string, key: string, patch: SessionPatch) {
    await patchSession(clientOf(gatewayId), rowOf(gatewayId, key), patch)
    await refresh(gatewayId)
    if (gatewayId in get().archivedSessions) await loadArchived(gatewayId)
  }

  /** After the open session went away (archived or deleted), the main session opens. */
  async function leave(gatewayId: string, key: string) {
    if (get().chats[gatewayId]?.sessionKey !== key) return
    const main = get().sessions[gatewayId]?.find((row) => row.isMain && row.key !== key)
    await get().openSession(gatewayId, main?.key ?? 'main')
  }

  const tools = createToolActivity({ get, set, connectedClient })
  /** History pages read once each: the page object changes whenever the chat link loads a newer one. */
  const pageRows = new WeakMap<object, Map<string, ToolRow[]>>()
  function historyRows(gatewayId: string, messageId: string): ToolRow[] {
    const client = connectedClient(gatewayId)
    const link = client && linkOf(client)
    const sessionKey = get().chats[gatewayId]?.sessionKey
    const page = link && sessionKey ? link.latestPage(link.canonicalKey(sessionKey)) : undefined
    if (!page || typeof page !== 'object') return []
    let rows = pageRows.get(page)
    if (!rows) pageRows.set(page, (rows = toolRowsFromHistory(page)))
    return rows.get(messageId) ?? []
  }

  return {
    create(gatewayId) {
      const client = connectedClient(gatewayId)
      if (!client) return { switched: Promise.resolve(), done: Promise.resolve() }
      const agentId = client.helloOk?.snapshot?.sessionDefaults?.defaultAgentId ?? 'main'
      // openSession switches to the key at once and then loads history: the switch ends the hold.
      const opening = createSessionKey(client, agentId).then((key) => ({ opened: get().openSession(gatewayId, key) }))
      const done = opening.then(async ({ opened }) => {
        await opened
        await refresh(gatewayId)
      })
      return { switched: opening, done }
    },

    async rename(gatewayId, key, label) {
      const trimmed = label?.trim() || null
      await patchAndRefresh(gatewayId, key, { label: trimmed })
    },

    async setArchived(gatewayId, key, archived) {
      await patchAndRefresh(gatewayId, key, { archived })
      if (archived) await leave(gatewayId, key)
    },

    async remove(gatewayId, key) {
      await deleteSession(clientOf(gatewayId), rowOf(gatewayId, key))
      const drop = (rows: SessionRow[] | undefined) => rows?.filter((row) => row.key !== key)
      const { sessions, archivedSessions } = get()
      set({
        sessions: { ...sessions, ...(sessions[gatewayId] ? { [gatewayId]: drop(sessions[gatewayId])! } : {}) },
        archivedSessions: { ...archivedSessions, ...(archivedSessions[gatewayId] ? { [gatewayId]: drop(archivedSessions[gatewayId])! } : {}) },
      })
      await leave(gatewayId, key)
      await refresh(gatewayId)
    },

    async markRead(gatewayId, key) {
      update(gatewayId, key, { unread: false })
      await patchSession(clientOf(gatewayId), { key }, { unread: false })
    },

    loadArchived,

    canSearch: (gatewayId) => {
      const client = connectedClient(gatewayId)
      return client ? canSearch(client) : false
    },

    search: (gatewayId, query) => searchSessions(clientOf(gatewayId), query),

    models: (gatewayId, key) => listModels(clientOf(gatewayId), key),

    async setModel(gatewayId, key, ref) {
      update(gatewayId, key, { model: ref })
      await patchAndRefresh(gatewayId, key, { model: ref })
    },

    async setThinking(gatewayId, key, level) {
      try {
        await patchAndRefresh(gatewayId, key, { thinkingLevel: level })
        return 'patched'
      } catch (error) {
        // Gateways that keep thinkingLevel to operator.admin refuse a writer's patch; the `/think`
        // command in the session itself is a writer's to send.
        const isScope = error instanceof GatewayRequestError && /missing scope/i.test(error.message)
        if (!isScope || get().chats[gatewayId]?.sessionKey !== key) throw error
        await get().sendMessage(gatewayId, `/think ${level}`, [])
        return 'command'
      }
    },

    commands: (gatewayId, key) => listCommands(clientOf(gatewayId), key),

    readWholeMessage: (gatewayId, messageId) => {
      const client = connectedClient(gatewayId)
      return readWhole({ get, set }, client && linkOf(client), gatewayId, messageId)
    },

    watchTools: (gatewayId) => tools.watch(gatewayId),

    toolRows(gatewayId, item) {
      if (item.kind !== 'reply') return []
      const live = (item.runId && get().toolRuns?.[gatewayId]?.[item.runId]) || []
      // A reply still live (not in the history yet) shows its run's live rows; one from the history, the calls
      // its own message made (a live row lends the duration it measured).
      if (!get().chats[gatewayId]?.history.some((stored) => stored.id === item.id)) return live
      return historyRows(gatewayId, item.id).map((row) => {
        const seen = live.find((candidate) => candidate.id === row.id)
        return seen?.durationMs !== undefined && row.durationMs === undefined ? { ...row, durationMs: seen.durationMs } : row
      })
    },
  }
}
