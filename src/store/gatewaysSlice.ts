/**
 * Saved gateways and their live connections: one GatewayClient per (gateway, role) — a gateway
 * holding both roles has two sockets with the same device identity, each with its own token. The
 * clients live outside the state (they are not data); their statuses live in it.
 *
 * Across tabs (tabLeadership.ts): one tab leads each gateway and runs all its roles; the others
 * follow and run only a paired operator link (they read the chat live; sending is the leader's, see
 * the features' `lead`). Forgetting in any tab forgets in every tab, and record changes reach them.
 */
import type { StateCreator } from 'zustand/vanilla'
import { defaultScopesFor, type ConnectionStatus, type GatewayClient, type GatewayVault, type Role } from '../gateway'
import type { GatewayFeature } from './feature'
import { deleteGatewayRecord, loadGatewayRecord, loadGatewayRecords, rolesOf, saveGatewayRecord, type GatewayRecord } from './gatewayRecords'
import { lazyChunk } from './lazyChunk'
import type { AppState, StoreDeps } from './store'
import { forgetQuarantined, sweepOrphans } from './quarantine'
import { tabsOf, type TabRole } from './tabLeadership'

/** This device's id at the gateway (for `openclaw devices remove`), if it has one yet. */
const deviceIdOf = (id: string) =>
  clientChunk
    .load()
    .then((chunk) => chunk.createGatewayVault(id).loadIdentity())
    .then((identity) => identity?.deviceId ?? null)
    .catch(() => null)

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
  /** Whether this tab leads each gateway (sends its outbox, runs its node) or follows another tab. */
  leadership: Record<string, TabRole>
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

/**
 * The gateway client (handshake, socket, device identity and its crypto) is a chunk of its own: the
 * first screen draws from IndexedDB before any socket opens, so the client's bytes load in parallel
 * with the records in boot() instead of delaying the first paint. Module-wide: every store shares one load.
 */
const clientChunk = lazyChunk(() => import('./clientStart'))

/** What the features add to a role's connect: scopes beyond the role's own, capabilities, node commands. */
function connectOptions(features: readonly GatewayFeature[], role: Role): { scopes: string[]; extras: { caps: string[]; commands?: string[] } } {
  const asked = features.flatMap((feature) => feature.connectExtras?.(role) ?? [])
  const unique = (values: string[]) => [...new Set(values)]
  const commands = unique(asked.flatMap((extras) => extras.commands ?? []))
  return {
    scopes: unique([...defaultScopesFor(role), ...asked.flatMap((extras) => extras.scopes ?? [])]),
    extras: { caps: unique(asked.flatMap((extras) => extras.caps ?? [])), ...(commands.length ? { commands } : {}) },
  }
}

/** `features` are told of every client that starts or stops and of every gateway forgotten (store.ts lists them). */
export const createGatewaysSlice =
  (deps: StoreDeps, features: readonly GatewayFeature[]): StateCreator<AppState, [], [], GatewaysSlice> =>
  (set, get) => {
    const tabs = tabsOf(deps)
    const clients = new Map<string, GatewayClient>()
    /** Per gateway: gives up this tab's leadership, or its place in the queue for it. */
    const claims = new Map<string, () => Promise<void>>()
    /** Gateways being (or already) forgotten here: nothing of theirs starts again. */
    const forgetting = new Map<string, Promise<void>>()
    const key = (id: string, role: Role) => `${id}\u0000${role}`
    const record = (id: string) => get().gateways.find((gateway) => gateway.id === id)

    function updateRecord(id: string, change: (record: GatewayRecord) => GatewayRecord): GatewayRecord | undefined {
      const current = record(id)
      if (!current) return undefined
      const next = change(current)
      set({ gateways: get().gateways.map((gateway) => (gateway.id === id ? next : gateway)) })
      return next
    }

    const isLeader = (id: string) => get().leadership[id] === 'leader'
    /** A follower only reads, over a link already paired; pairing and the node link are the leader's. */
    const runsHere = (record: GatewayRecord, role: Role) => isLeader(record.id) || (role === 'operator' && Boolean(record.pairedAtMs))

    async function saveRecord(next: GatewayRecord): Promise<void> {
      await saveGatewayRecord(next)
      tabs.post({ kind: 'gateways' })
    }

    function claimLeadership(id: string): void {
      if (claims.has(id) || forgetting.has(id)) return
      let isClaiming = true
      const giveUp = tabs.claim(id, (role) => {
        if (forgetting.has(id)) return
        const wasLeader = isLeader(id)
        set({ leadership: { ...get().leadership, [id]: role } })
        // Told during the claim (the only tab there can be): the clients about to start run every role anyway.
        if (role === 'leader' && !wasLeader && !isClaiming) void takeOver(id)
      })
      isClaiming = false
      claims.set(id, giveUp)
    }

    /** This tab now leads the gateway: everything a follower leaves to the leader starts here. */
    async function takeOver(id: string): Promise<void> {
      // NOTE: the lock passes on when the leading tab forgets the gateway; the message saying so may
      // come a moment after it. Lead only a gateway that is still saved, as saved now (the leader may
      // have changed it, e.g. switched node commands off, without this tab following every change).
      const saved = await loadGatewayRecord(id)
      if (!saved || forgetting.has(id) || !isLeader(id)) return
      const current = updateRecord(id, () => saved)
      if (!current) return
      for (const role of rolesOf(current)) if (!clients.has(key(id, role))) startClient(current, role)
      for (const feature of features) feature.lead?.(id, true)
    }

    function stopClient(id: string, role: Role): GatewayClient | undefined {
      const client = clients.get(key(id, role))
      client?.stop()
      clients.delete(key(id, role))
      for (const feature of features) feature.detach(id, role)
      return client
    }

    function stopClients(id: string): GatewayClient[] {
      return (['operator', 'node'] as const).flatMap((role) => stopClient(id, role) ?? [])
    }

    /** One socket per (gateway, role): any previous client for this pair is stopped first. */
    function startClient(record: GatewayRecord, role: Role): void {
      const chunk = clientChunk.loaded()
      if (!chunk) {
        // Only before boot has loaded the client's chunk (boot waits for it); start once it is there.
        void clientChunk.load().then(() => startClient(record, role))
        return
      }
      stopClient(record.id, role)
      if (!runsHere(record, role)) return
      const vault = chunk.createGatewayVault(record.id)
      const client = new chunk.GatewayClient({
        url: record.url,
        role,
        vault: vaultForRole(vault, role, () => get().gateways.find((gateway) => gateway.id === record.id)?.setupCodeRole),
        clientInfo: { version: deps.appVersion, displayName: record.deviceName },
        ...connectOptions(features, role),
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
          if (paired) void saveRecord(paired)
          if (paired) void get().askToPersist()
        }
      })
      for (const feature of features) feature.attach(record.id, client, role)
      for (const feature of features) feature.lead?.(record.id, isLeader(record.id))
      client.start()
    }

    function startClients(record: GatewayRecord): void {
      stopClients(record.id)
      claimLeadership(record.id)
      for (const role of rolesOf(record)) startClient(record, role)
    }

    /** Another tab changed the saved gateways: take its changes (forgetting comes as its own message). */
    async function reloadRecords(): Promise<void> {
      if (!get().isReady) return // booting reads them anyway
      for (const next of await loadGatewayRecords()) {
        const current = record(next.id)
        if (forgetting.has(next.id) || (!current && !next.pairedAtMs)) continue
        if (!current) {
          set({ gateways: [...get().gateways, next] })
          startClients(next)
          continue
        }
        const isChanged =
          (['url', 'role', 'pairedAtMs'] as const).some((field) => current[field] !== next[field]) || `${rolesOf(current)}` !== `${rolesOf(next)}`
        updateRecord(next.id, () => next)
        if (isChanged) startClients(next)
      }
    }

    /** Stops everything of the gateway in this tab and deletes its data; once per gateway, whoever asks. */
    function forgetHere(id: string): Promise<void> {
      const running = forgetting.get(id)
      if (running) return running
      const forgotten = (async () => {
        // A handshake step in flight may still write the vault (a new key pair, a token): wait for it.
        await Promise.all(stopClients(id).map((client) => client.shutdown()))
        // Each feature ends what it has under way and deletes its own data first: nothing in flight
        // may write a record of this gateway back after the deletes below.
        await Promise.all(features.map((feature) => feature.forget(id)))
        const { forgetVault } = await clientChunk.load()
        await Promise.all([deleteGatewayRecord(id), forgetVault(id), forgetQuarantined(id)])
        deps.preferences.setLastSession(id, null)
        const gateways = get().gateways.filter((gateway) => gateway.id !== id)
        const { [id]: _status, ...statuses } = get().statuses
        const { [id]: _roleStatus, ...roleStatuses } = get().roleStatuses
        const { [id]: _expiry, ...bootstrapExpiry } = get().bootstrapExpiry
        const { [id]: _role, ...leadership } = get().leadership
        const activeGatewayId = get().activeGatewayId === id ? (gateways[0]?.id ?? null) : get().activeGatewayId
        set({ gateways, statuses, roleStatuses, bootstrapExpiry, leadership, activeGatewayId })
        deps.preferences.setActiveGatewayId(activeGatewayId)
        // Let go of the lead last: a tab that still waits for it finds the gateway gone.
        const release = claims.get(id)
        claims.delete(id)
        await release?.()
      })()
      forgetting.set(id, forgotten)
      return forgotten
    }

    tabs.onMessage((message) => {
      if (message.kind === 'forgotten' && (record(message.gatewayId) || claims.has(message.gatewayId))) void forgetHere(message.gatewayId)
      if (message.kind === 'gateways') void reloadRecords()
    })

    return {
      isReady: false,
      gateways: [],
      activeGatewayId: null,
      statuses: {},
      roleStatuses: {},
      bootstrapExpiry: {},
      leadership: {},

      async boot() {
        // Storage that is missing, refused or newer than this code: the app says so and writes nothing.
        if ((await get().checkStorage()).kind !== 'ok') return set({ isReady: true })
        // The client's chunk loads while IndexedDB reads the records, so no client waits for it.
        const [gateways, { bindUnboundSecrets, updateSecrets }] = await Promise.all([loadGatewayRecords(), clientChunk.load()])
        await sweepOrphans(gateways.map((gateway) => gateway.id)).catch(() => undefined)
        // Secrets stored before they carried their gateway's address are bound once (secretBinding.ts); every one saved since is.
        await bindUnboundSecrets(gateways, updateSecrets)
        const remembered = deps.preferences.activeGatewayId()
        const active = gateways.find((g) => g.id === remembered) ?? gateways[0]
        set({ gateways, activeGatewayId: active?.id ?? null, isReady: true })
        for (const record of gateways) startClients(record)
      },

      async addGateway(record) {
        await clientChunk.load() // at once after boot; a test's store may not have booted
        await saveRecord(record)
        const others = get().gateways.filter((gateway) => gateway.id !== record.id)
        set({ gateways: [...others, record], activeGatewayId: record.id })
        deps.preferences.setActiveGatewayId(record.id)
        startClients(record)
      },

      async addRole(id, role, changes = {}) {
        await clientChunk.load() // at once after boot; a test's store may not have booted
        const next = updateRecord(id, (current) => ({
          ...current,
          ...changes,
          roles: [...rolesOf(current).filter((r) => r !== role), role],
          setupCodeRole: role,
        }))
        if (!next) return
        await saveRecord(next)
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
        if (next) await saveRecord(next)
        const { [role]: _dropped, ...remaining } = get().roleStatuses[id] ?? {}
        set({ roleStatuses: { ...get().roleStatuses, [id]: remaining } })
        await (await clientChunk.load()).createGatewayVault(id).deleteDeviceToken(role)
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
        if (next) await saveRecord(next)
      },

      async changeRole(id, role) {
        await clientChunk.load() // at once after boot; a test's store may not have booted
        const next = updateRecord(id, (record) => ({ ...record, role, roles: undefined, setupCodeRole: undefined, pairedAtMs: undefined }))
        if (!next) return
        await saveRecord(next)
        startClients(next)
      },

      async forgetGateway(id) {
        const forgotten = { label: record(id)?.label ?? id, deviceId: await deviceIdOf(id) }
        // Every other tab stops and wipes too (and writes nothing of it back).
        tabs.post({ kind: 'forgotten', gatewayId: id })
        await forgetHere(id)
        // The note with the gateway-side command shows in the tab where Forget was pressed.
        set({ storage: { ...get().storage, lastForgotten: forgotten } })
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
