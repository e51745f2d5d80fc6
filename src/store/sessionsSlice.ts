/**
 * The session list of each operator gateway (newest first, with titles), "New chat", and which
 * session was open last. Subscribing also makes the gateway push `sessions.changed` events.
 */
import type { GatewayClient } from '../gateway'
import type { FeatureCreator } from './feature'
import { lazyChunk } from './lazyChunk'

/** `title` is the gateway's name for the session or its first words; without either the UI names it (Main chat, New chat). */
export type SessionRow = { key: string; title: string | undefined; updatedAt: number; isMain: boolean; hasActiveRun: boolean }

/** The wire half (sessionsWire.ts) is a chunk of its own: it is needed only once a gateway connects. */
const wire = lazyChunk(() => import('./sessionsWire'))

export type SessionsSlice = {
  sessions: Record<string, SessionRow[]>
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

  async function refreshSessions(gatewayId: string): Promise<void> {
    const client = connectedClient(gatewayId)
    if (!client) return
    try {
      const rows = await (await wire.load()).fetchSessionList(client)
      if (clients.get(gatewayId)?.client !== client) return // forgotten or replaced meanwhile
      set({ sessions: { ...get().sessions, [gatewayId]: rows } })
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
      set({ sessions })
      deps.preferences.setLastSession(gatewayId, null)
    },

    slice: {
      sessions: {},
      refreshSessions,

      async createSession(gatewayId) {
        const client = connectedClient(gatewayId)
        if (!client) return
        const agentId = client.helloOk?.snapshot?.sessionDefaults?.defaultAgentId ?? 'main'
        // openSession switches to the key at once and then loads history; wrapped, so the hold
        // below ends at the switch and not after the history.
        const opening = wire
          .load()
          .then(({ createSessionKey }) => createSessionKey(client, agentId))
          .then((key) => ({ opened: get().openSession(gatewayId, key) }))
        // Until the new key is known, a message typed now would land in the previous session.
        get().holdSending(gatewayId, opening)
        await (await opening).opened
        await refreshSessions(gatewayId)
      },

      rememberSession(gatewayId, sessionKey) {
        deps.preferences.setLastSession(gatewayId, sessionKey)
      },

      lastSessionKey: (gatewayId) => deps.preferences.lastSession(gatewayId),
    },
  }
}
