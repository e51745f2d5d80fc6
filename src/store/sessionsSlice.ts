/**
 * The session list of each operator gateway (newest first, with titles), "New chat", and which
 * session was open last. Subscribing also makes the gateway push `sessions.changed` events.
 */
import type { GatewayClient } from '../gateway'
import type { FeatureCreator } from './feature'
import { lazyChunk } from './lazyChunk'
import type { ChatItem } from './chatItems'
import type { ToolRow } from './toolActivity'

/**
 * `title` is the user's or the gateway's name for the session, or its last message's first words
 * (`titleIsPreview`, kept as first seen); without either the UI names it (Main chat, Untitled chat).
 * `model` is a `provider/id` reference; `thinkingOptions` the levels its model offers.
 */
export type SessionRow = {
  key: string
  title: string | undefined
  titleIsPreview: boolean
  sessionId?: string
  updatedAt: number
  isMain: boolean
  hasActiveRun: boolean
  archived: boolean
  unread: boolean
  model?: string
  thinkingLevel?: string
  thinkingOptions: string[]
}
export type { ToolRow, ToolStatus } from './toolActivity'
export type SessionSearchResult = { sessionKey: string; snippet: string; title: string | undefined; isMain: boolean; timestamp?: number }
/** `thinkingDefault`: the level the model thinks at when the session names none. */
export type ModelOption = { ref: string; name: string; thinkingLevels: string[]; thinkingDefault?: string }
export type SlashCommand = { command: string; description: string; acceptsArgs: boolean; args: Array<{ name: string; required: boolean; choices: string[] }> }

/** What a session's menu, the search and the pickers do (sessionControls.ts, a chunk loaded on first use). */
export type SessionControls = {
  /** `null` gives the session the gateway's name back. */
  rename(gatewayId: string, key: string, label: string | null): Promise<void>
  setArchived(gatewayId: string, key: string, archived: boolean): Promise<void>
  /** Archives (if need be) and deletes; the open session moves to the main one. */
  remove(gatewayId: string, key: string): Promise<void>
  markRead(gatewayId: string, key: string): Promise<void>
  loadArchived(gatewayId: string): Promise<void>
  canSearch(gatewayId: string): boolean
  search(gatewayId: string, query: string): Promise<SessionSearchResult[]>
  models(gatewayId: string, key: string): Promise<ModelOption[]>
  setModel(gatewayId: string, key: string, ref: string): Promise<void>
  /**
   * Asks the gateway for a new session of its default agent and opens it: `switched` once it is the
   * open session (sends wait until then), `done` once its history is in and the list refreshed.
   */
  create(gatewayId: string): { switched: Promise<unknown>; done: Promise<void> }
  /** sessions.patch where the gateway lets a writer set it, else the `/think` command in the open session. */
  setThinking(gatewayId: string, key: string, level: string): Promise<'patched' | 'command'>
  commands(gatewayId: string, key: string): Promise<SlashCommand[]>
  /** Replaces a reply the history cut short with its whole text (`chat.message.get`). */
  readWholeMessage(gatewayId: string, messageId: string): Promise<void>
  /** Starts keeping the gateway's live tool rows (`toolRuns`); once per connection. */
  watchTools(gatewayId: string): void
  /** The tool calls a reply of the open session made: its run's live rows, or for one from the history the calls its message holds. */
  toolRows(gatewayId: string, item: ChatItem): ToolRow[]
}

/** The wire half (sessionsWire.ts) is a chunk of its own: it is needed only once a gateway connects. */
const wire = lazyChunk(() => import('./sessionsWire'))

export type SessionsSlice = {
  sessions: Record<string, SessionRow[]>
  /** Each gateway's archived sessions, once the user asked to see them. */
  archivedSessions: Record<string, SessionRow[]>
  /** Live tool rows by gateway and run (set by the controls' chunk once the transcript asks for them). */
  toolRuns?: Record<string, Record<string, ToolRow[]>>
  sessionControls(): Promise<SessionControls>
  refreshSessions(gatewayId: string): Promise<void>
  createSession(gatewayId: string): Promise<void>
  rememberSession(gatewayId: string, sessionKey: string): void
  lastSessionKey(gatewayId: string): string | null
}

export const createSessionsFeature: FeatureCreator<SessionsSlice> = (deps, { set, get }) => {
  /** Each gateway's operator client: the session list is an operator's (a node cannot list sessions). */
  const clients = new Map<string, { client: GatewayClient; detach: () => void }>()
  const connectedClient = (gatewayId: string) => {
    const client = clients.get(gatewayId)?.client
    return client?.status.phase === 'connected' ? client : undefined
  }
  const detach = (gatewayId: string) => {
    clients.get(gatewayId)?.detach()
    clients.delete(gatewayId)
  }

  const controls = lazyChunk(() =>
    import('./sessionControls').then((module) => module.createSessionControls({ set, get, connectedClient, refresh: refreshSessions })),
  )

  async function refreshSessions(gatewayId: string): Promise<void> {
    const client = connectedClient(gatewayId)
    if (!client) return
    try {
      const { fetchSessionList, keepTitles } = await wire.load()
      const rows = await fetchSessionList(client)
      if (clients.get(gatewayId)?.client !== client) return // forgotten or replaced meanwhile
      set({ sessions: { ...get().sessions, [gatewayId]: keepTitles(get().sessions[gatewayId], rows) } })
    } catch {
      // The list is a convenience; chat works without it, and the next reconnect tries again.
    }
  }

  return {
    name: 'sessions',
    attach(gatewayId, client, role) {
      if (role !== 'operator') return
      detach(gatewayId)
      // Subscribing on every connect also makes the gateway push `sessions.changed` events.
      const offStatus = client.onStatus((status) => void (status.phase === 'connected' && refreshSessions(gatewayId)))
      const offEvents = client.onEvent((event) => void (event.event === 'sessions.changed' && refreshSessions(gatewayId)))
      clients.set(gatewayId, { client, detach: () => (offStatus(), offEvents()) })
    },
    detach(gatewayId, role) {
      if (role === 'operator') detach(gatewayId)
    },
    async forget(gatewayId) {
      detach(gatewayId)
      const { [gatewayId]: _forgotten, ...sessions } = get().sessions
      const { [gatewayId]: _archived, ...archivedSessions } = get().archivedSessions
      const { [gatewayId]: _tools, ...toolRuns } = get().toolRuns ?? {}
      set({ sessions, archivedSessions, toolRuns })
      deps.preferences.setLastSession(gatewayId, null)
    },

    slice: {
      sessions: {},
      archivedSessions: {},
      sessionControls: controls.load,
      refreshSessions,

      createSession(gatewayId) {
        // The hold starts now, before the chunk loads: a message typed meanwhile waits for the new key.
        const creating = controls.load().then((loaded) => loaded.create(gatewayId))
        get().holdSending(
          gatewayId,
          creating.then((created) => created.switched),
        )
        return creating.then((created) => created.done)
      },

      rememberSession(gatewayId, sessionKey) {
        deps.preferences.setLastSession(gatewayId, sessionKey)
      },

      lastSessionKey: (gatewayId) => deps.preferences.lastSession(gatewayId),
    },
  }
}
