/**
 * Saved gateways and their live connections: one GatewayClient per gateway, in the role the user
 * chose for it. The clients live outside the state (they are not data); their statuses live in it.
 */
import type { StateCreator } from 'zustand/vanilla'
import { GatewayClient, type ConnectionStatus, type Role } from '../gateway'
import { forgetChatData } from './chatStorage'
import { deleteGatewayRecord, loadGatewayRecords, saveGatewayRecord, type GatewayRecord } from './gatewayRecords'
import type { AppState, StoreDeps } from './store'
import { createGatewayVault, forgetVault } from './vaultStorage'

export type GatewaysSlice = {
  isReady: boolean
  gateways: GatewayRecord[]
  activeGatewayId: string | null
  statuses: Record<string, ConnectionStatus>
  /** When each gateway's unused setup code expires, for the approval countdown. */
  bootstrapExpiry: Record<string, number>
  boot(): Promise<void>
  addGateway(record: GatewayRecord): Promise<void>
  selectGateway(id: string): void
  renameGateway(id: string, label: string): Promise<void>
  changeRole(id: string, role: Role): Promise<void>
  forgetGateway(id: string): Promise<void>
  retryConnection(id: string): void
  clientFor(id: string): GatewayClient | undefined
}

export const createGatewaysSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], GatewaysSlice> =>
  (set, get) => {
    const clients = new Map<string, GatewayClient>()

    function updateRecord(id: string, change: (record: GatewayRecord) => GatewayRecord): GatewayRecord | undefined {
      const current = get().gateways.find((gateway) => gateway.id === id)
      if (!current) return undefined
      const next = change(current)
      set({ gateways: get().gateways.map((gateway) => (gateway.id === id ? next : gateway)) })
      return next
    }

    function stopClient(id: string): void {
      clients.get(id)?.stop()
      clients.delete(id)
    }

    /** One socket per (gateway, role): any previous client for this gateway is stopped first. */
    function startClient(record: GatewayRecord): void {
      stopClient(record.id)
      const vault = createGatewayVault(record.id)
      const client = new GatewayClient({
        url: record.url,
        role: record.role,
        vault,
        clientInfo: { version: deps.appVersion, displayName: record.deviceName },
        socketFactory: deps.socketFactory,
        environment: deps.environment,
      })
      clients.set(record.id, client)
      const refreshExpiry = async () => {
        const expiresAtMs = (await vault.loadCredentials()).bootstrap?.expiresAtMs
        if (clients.get(record.id) !== client) return // forgotten or replaced meanwhile
        const bootstrapExpiry = { ...get().bootstrapExpiry }
        if (expiresAtMs === undefined) delete bootstrapExpiry[record.id]
        else bootstrapExpiry[record.id] = expiresAtMs
        set({ bootstrapExpiry })
      }
      void refreshExpiry()
      client.onStatus((status) => {
        if (clients.get(record.id) !== client) return
        set({ statuses: { ...get().statuses, [record.id]: status } })
        if (status.phase === 'connected') void refreshExpiry()
        if (status.phase === 'connected' && !record.pairedAtMs) {
          const paired = updateRecord(record.id, (r) => ({ ...r, pairedAtMs: Date.now() }))
          if (paired) void saveGatewayRecord(paired)
        }
      })
      get().attachChat(record.id, client)
      client.start()
    }

    return {
      isReady: false,
      gateways: [],
      activeGatewayId: null,
      statuses: {},
      bootstrapExpiry: {},

      async boot() {
        const gateways = await loadGatewayRecords()
        const remembered = deps.preferences.activeGatewayId()
        const active = gateways.find((g) => g.id === remembered) ?? gateways[0]
        set({ gateways, activeGatewayId: active?.id ?? null, isReady: true })
        for (const record of gateways) startClient(record)
      },

      async addGateway(record) {
        await saveGatewayRecord(record)
        const others = get().gateways.filter((gateway) => gateway.id !== record.id)
        set({ gateways: [...others, record], activeGatewayId: record.id })
        deps.preferences.setActiveGatewayId(record.id)
        startClient(record)
      },

      selectGateway(id) {
        if (!get().gateways.some((gateway) => gateway.id === id)) return
        set({ activeGatewayId: id })
        deps.preferences.setActiveGatewayId(id)
      },

      async renameGateway(id, label) {
        const trimmed = label.trim().slice(0, 64)
        if (!trimmed) return
        const next = updateRecord(id, (record) => ({ ...record, label: trimmed }))
        if (next) await saveGatewayRecord(next)
      },

      async changeRole(id, role) {
        const next = updateRecord(id, (record) => ({ ...record, role, pairedAtMs: undefined }))
        if (!next) return
        await saveGatewayRecord(next)
        startClient(next)
      },

      async forgetGateway(id) {
        stopClient(id)
        get().detachChat(id)
        await Promise.all([deleteGatewayRecord(id), forgetVault(id), forgetChatData(id)])
        const gateways = get().gateways.filter((gateway) => gateway.id !== id)
        const statuses = { ...get().statuses }
        delete statuses[id]
        const bootstrapExpiry = { ...get().bootstrapExpiry }
        delete bootstrapExpiry[id]
        const activeGatewayId = get().activeGatewayId === id ? (gateways[0]?.id ?? null) : get().activeGatewayId
        set({ gateways, statuses, bootstrapExpiry, activeGatewayId })
        deps.preferences.setActiveGatewayId(activeGatewayId)
        deps.preferences.setLastSession(id, null)
        const { [id]: _chat, ...chats } = get().chats
        const { [id]: _sessions, ...sessions } = get().sessions
        set({ chats, sessions })
      },

      retryConnection(id) {
        clients.get(id)?.retryNow()
      },

      clientFor: (id) => clients.get(id),
    }
  }
