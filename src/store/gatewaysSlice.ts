/**
 * Saved gateways and their live connections: one GatewayClient per (gateway, role) — a gateway
 * holding both roles has two sockets with the same device identity, each with its own token. The
 * clients live outside the state (they are not data); their statuses live in it.
 */
import type { StateCreator } from 'zustand/vanilla'
import { GatewayClient, type ConnectionStatus, type GatewayVault, type Role } from '../gateway'
import { NODE_CAPS, NODE_COMMANDS } from '../gateway/node'
import { forgetChatData } from './chatStorage'
import { deleteGatewayRecord, loadGatewayRecords, rolesOf, saveGatewayRecord, type GatewayRecord } from './gatewayRecords'
import type { AppState, StoreDeps } from './store'
import { createGatewayVault, forgetVault } from './vaultStorage'

export type GatewaysSlice = {
  isReady: boolean
  gateways: GatewayRecord[]
  activeGatewayId: string | null
  /** Each gateway's status in its first role (`record.role`), which the header announces. */
  statuses: Record<string, ConnectionStatus>
  /** Every role's status, for gateways that hold more than one. */
  roleStatuses: Record<string, Partial<Record<Role, ConnectionStatus>>>
  /** When each gateway's unused setup code expires, for the approval countdown. */
  bootstrapExpiry: Record<string, number>
  boot(): Promise<void>
  addGateway(record: GatewayRecord): Promise<void>
  /** Adds a role to a saved gateway (its new setup code is already in the vault) and connects in it alone. */
  addRole(id: string, role: Role, changes?: Partial<Pick<GatewayRecord, 'url' | 'candidateUrls' | 'deviceName'>>): Promise<void>
  /** Drops a role this gateway holds besides its first one, and that role's device token. */
  removeRole(id: string, role: Role): Promise<void>
  selectGateway(id: string): void
  renameGateway(id: string, label: string): Promise<void>
  changeRole(id: string, role: Role): Promise<void>
  forgetGateway(id: string): Promise<void>
  retryConnection(id: string, role?: Role): void
  /** The client of a gateway in a role (its first role when none is given). */
  clientFor(id: string, role?: Role): GatewayClient | undefined
}

/**
 * A role's view of the gateway's vault. NOTE: a setup code scanned to add one role must not be
 * spent by the other role's connection (say, after its own token was refused): the first role that
 * presents a bootstrap token binds it, and the role it was meant for could no longer pair.
 */
function vaultForRole(vault: GatewayVault, role: Role, setupCodeRole: () => Role | undefined): GatewayVault {
  return {
    ...vault,
    async loadCredentials() {
      const credentials = await vault.loadCredentials()
      const owner = setupCodeRole()
      if (owner === undefined || owner === role) return credentials
      const { bootstrap: _notOurs, ...rest } = credentials
      return rest
    },
  }
}

export const createGatewaysSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], GatewaysSlice> =>
  (set, get) => {
    const clients = new Map<string, GatewayClient>()
    const key = (id: string, role: Role) => `${id}\u0000${role}`
    const record = (id: string) => get().gateways.find((gateway) => gateway.id === id)

    function updateRecord(id: string, change: (record: GatewayRecord) => GatewayRecord): GatewayRecord | undefined {
      const current = record(id)
      if (!current) return undefined
      const next = change(current)
      set({ gateways: get().gateways.map((gateway) => (gateway.id === id ? next : gateway)) })
      return next
    }

    function stopClient(id: string, role: Role): void {
      clients.get(key(id, role))?.stop()
      clients.delete(key(id, role))
      if (role === 'operator') get().detachChat(id)
      else get().detachNode(id)
    }

    function stopClients(id: string): void {
      for (const role of ['operator', 'node'] as const) stopClient(id, role)
    }

    /** One socket per (gateway, role): any previous client for this pair is stopped first. */
    function startClient(record: GatewayRecord, role: Role): void {
      stopClient(record.id, role)
      const vault = createGatewayVault(record.id)
      const client = new GatewayClient({
        url: record.url,
        role,
        vault: vaultForRole(vault, role, () => get().gateways.find((gateway) => gateway.id === record.id)?.setupCodeRole),
        clientInfo: { version: deps.appVersion, displayName: record.deviceName },
        ...(role === 'node' ? { extras: { commands: [...NODE_COMMANDS], caps: [...NODE_CAPS] } } : {}),
        socketFactory: deps.socketFactory,
        environment: deps.environment,
      })
      clients.set(key(record.id, role), client)
      const isFirstRole = role === record.role
      const refreshExpiry = async () => {
        const expiresAtMs = (await vault.loadCredentials()).bootstrap?.expiresAtMs
        if (clients.get(key(record.id, role)) !== client) return // forgotten or replaced meanwhile
        const bootstrapExpiry = { ...get().bootstrapExpiry }
        if (expiresAtMs === undefined) delete bootstrapExpiry[record.id]
        else bootstrapExpiry[record.id] = expiresAtMs
        set({ bootstrapExpiry })
      }
      void refreshExpiry()
      client.onStatus((status) => {
        if (clients.get(key(record.id, role)) !== client) return
        set({
          roleStatuses: { ...get().roleStatuses, [record.id]: { ...get().roleStatuses[record.id], [role]: status } },
          ...(isFirstRole ? { statuses: { ...get().statuses, [record.id]: status } } : {}),
        })
        if (status.phase === 'connected') void refreshExpiry()
        if (status.phase === 'connected' && isFirstRole && !get().gateways.find((g) => g.id === record.id)?.pairedAtMs) {
          const paired = updateRecord(record.id, (r) => ({ ...r, pairedAtMs: Date.now() }))
          if (paired) void saveGatewayRecord(paired)
        }
        // An operator link can read this device's node surface (node.describe) for the setup guide.
        if (status.phase === 'connected' && role === 'operator' && rolesOf(get().gateways.find((g) => g.id === record.id) ?? record).includes('node')) {
          void get().refreshNodeSurface(record.id)
        }
      })
      if (role === 'operator') get().attachChat(record.id, client)
      else get().attachNode(record.id, client)
      client.start()
    }

    function startClients(record: GatewayRecord): void {
      stopClients(record.id)
      for (const role of rolesOf(record)) startClient(record, role)
    }

    return {
      isReady: false,
      gateways: [],
      activeGatewayId: null,
      statuses: {},
      roleStatuses: {},
      bootstrapExpiry: {},

      async boot() {
        const gateways = await loadGatewayRecords()
        const remembered = deps.preferences.activeGatewayId()
        const active = gateways.find((g) => g.id === remembered) ?? gateways[0]
        set({ gateways, activeGatewayId: active?.id ?? null, isReady: true })
        for (const record of gateways) startClients(record)
      },

      async addGateway(record) {
        await saveGatewayRecord(record)
        const others = get().gateways.filter((gateway) => gateway.id !== record.id)
        set({ gateways: [...others, record], activeGatewayId: record.id })
        deps.preferences.setActiveGatewayId(record.id)
        startClients(record)
      },

      async addRole(id, role, changes = {}) {
        const next = updateRecord(id, (current) => ({ ...current, ...changes, roles: [...rolesOf(current).filter((r) => r !== role), role], setupCodeRole: role }))
        if (!next) return
        await saveGatewayRecord(next)
        set({ activeGatewayId: id })
        deps.preferences.setActiveGatewayId(id)
        startClient(next, role)
      },

      async removeRole(id, role) {
        const current = record(id)
        if (!current || role === current.role || !rolesOf(current).includes(role)) return
        stopClient(id, role)
        const roles = rolesOf(current).filter((r) => r !== role)
        const next = updateRecord(id, (r) => ({ ...r, roles: roles.length > 1 ? roles : undefined, setupCodeRole: undefined }))
        if (next) await saveGatewayRecord(next)
        const { [role]: _dropped, ...remaining } = get().roleStatuses[id] ?? {}
        set({ roleStatuses: { ...get().roleStatuses, [id]: remaining } })
        await createGatewayVault(id).deleteDeviceToken(role)
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
        const next = updateRecord(id, (record) => ({ ...record, role, roles: undefined, setupCodeRole: undefined, pairedAtMs: undefined }))
        if (!next) return
        await saveGatewayRecord(next)
        startClients(next)
      },

      async forgetGateway(id) {
        stopClients(id)
        await Promise.all([deleteGatewayRecord(id), forgetVault(id), forgetChatData(id)])
        const gateways = get().gateways.filter((gateway) => gateway.id !== id)
        const { [id]: _status, ...statuses } = get().statuses
        const { [id]: _roleStatus, ...roleStatuses } = get().roleStatuses
        const { [id]: _expiry, ...bootstrapExpiry } = get().bootstrapExpiry
        const activeGatewayId = get().activeGatewayId === id ? (gateways[0]?.id ?? null) : get().activeGatewayId
        set({ gateways, statuses, roleStatuses, bootstrapExpiry, activeGatewayId })
        deps.preferences.setActiveGatewayId(activeGatewayId)
        deps.preferences.setLastSession(id, null)
        const { [id]: _chat, ...chats } = get().chats
        const { [id]: _sessions, ...sessions } = get().sessions
        const { [id]: _node, ...nodes } = get().nodes
        set({ chats, sessions, nodes })
      },

      retryConnection(id, role) {
        const current = record(id)
        if (current) clients.get(key(id, role ?? current.role))?.retryNow()
      },

      clientFor: (id, role) => {
        const current = record(id)
        const wanted = role ?? current?.role
        return wanted ? clients.get(key(id, wanted)) : undefined
      },
    }
  }
