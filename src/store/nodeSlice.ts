/**
 * The browser as a node of a gateway: answers the gateway's invocations through the command
 * handlers, keeps a short log of them for the user, the per-command switches (saved in the
 * gateway's record), the notification-permission question, and what the gateway's policy lets
 * through (read with `node.describe` when this device also holds the operator role).
 */
import type { StateCreator } from 'zustand/vanilla'
import type { EventFrame, GatewayClient } from '../gateway'
import {
  allowCommandLine,
  commandsNeedingAllow,
  NODE_COMMANDS,
  NODE_INVOKE_CANCEL_EVENT,
  NODE_INVOKE_REQUEST_EVENT,
  NODE_PAIR_RESOLVED_EVENT,
  NodeDescription,
  NodePairResolved,
  type NodeBrowserApis,
  type NotificationPermissionState,
  type NotificationRequest,
} from '../gateway/node'
import { saveGatewayRecord, type GatewayRecord } from './gatewayRecords'
import type { AppState, StoreDeps } from './store'
import { createGatewayVault } from './vaultStorage'

export type InvocationState = 'running' | 'sent' | 'failed'
export type InvocationEntry = { id: string; command: string; atMs: number; state: InvocationState; code?: string; message?: string }

/** What `node.describe` said about this device's node, when an operator link could ask. */
export type NodeSurface = { commands: string[]; approvalState?: string; pendingRequestId?: string; checkedAtMs: number }

export type NodeView = {
  /** This device's id on the gateway (the node id `openclaw nodes … --node` takes). */
  deviceId?: string
  /** Newest first, at most NODE_LOG_LIMIT. */
  log: InvocationEntry[]
  surface?: NodeSurface
  /** When the gateway last announced that an operator approved this node's commands. */
  surfaceApprovedAtMs?: number
  /** The latest message shown inside the app (delivery "overlay", or notifications not allowed). */
  inAppMessage?: NotificationRequest & { atMs: number }
}

export type NotificationPrompt = NotificationRequest & { gatewayId: string }

export type NodeSlice = {
  nodes: Record<string, NodeView>
  notificationPrompt: NotificationPrompt | null
  attachNode(gatewayId: string, client: GatewayClient): void
  detachNode(gatewayId: string): void
  setNodeCommandEnabled(gatewayId: string, command: string, isEnabled: boolean): Promise<void>
  /** The user's answer to the notification question; call it from the click (browsers want a gesture). */
  answerNotificationPrompt(allow: boolean): void
  refreshNodeSurface(gatewayId: string): Promise<void>
  dismissInAppMessage(gatewayId: string): void
}

export const NODE_LOG_LIMIT = 50

export const isNodeCommandOn = (record: Pick<GatewayRecord, 'nodeCommandsOff'>, command: string) => !(record.nodeCommandsOff ?? []).includes(command)

/**
 * What the operator still has to do on the gateway host before the agent can use this device's
 * switched-on commands: allow them (`gateway.nodes.commands.allow`; a browser is an "unknown"
 * platform) and approve the node's command surface (`openclaw nodes approve`). Exact when an operator
 * link could read `node.describe` (`isKnown`), otherwise the general steps.
 */
export type NodeSetupGuide = {
  isKnown: boolean
  /** Switched-on commands the gateway does not forward yet (all of them while unknown). */
  missing: string[]
  /** The line that allows every switched-on command outside the platform defaults, if any is missing. */
  allowCommand: string | null
  /** `openclaw nodes approve <requestId>` when the pending request is known. */
  approveCommand: string | null
  isPendingApproval: boolean
  isComplete: boolean
}

export function nodeSetupGuide(record: Pick<GatewayRecord, 'nodeCommandsOff'>, view: Pick<NodeView, 'surface'> | undefined): NodeSetupGuide {
  const enabled = NODE_COMMANDS.filter((command) => isNodeCommandOn(record, command))
  const needingAllow = commandsNeedingAllow(enabled)
  const surface = view?.surface
  if (!surface) {
    return { isKnown: false, missing: enabled, allowCommand: needingAllow.length ? allowCommandLine(needingAllow) : null, approveCommand: null, isPendingApproval: false, isComplete: false }
  }
  const missing = enabled.filter((command) => !surface.commands.includes(command))
  const isPendingApproval = surface.approvalState?.startsWith('pending') ?? false
  const isAllowMissing = commandsNeedingAllow(missing).length > 0
  return {
    isKnown: true,
    missing,
    allowCommand: isAllowMissing ? allowCommandLine(needingAllow) : null,
    approveCommand: surface.pendingRequestId ? `openclaw nodes approve ${surface.pendingRequestId}` : null,
    isPendingApproval,
    isComplete: missing.length === 0 && !isPendingApproval,
  }
}

const EMPTY_VIEW: NodeView = { log: [] }

export const createNodeSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], NodeSlice> =>
  (set, get) => {
    const attached = new Map<string, { client: GatewayClient; detach: () => void }>()
    let pendingAnswer: ((permission: NotificationPermissionState) => void) | null = null
    // Set once a node link's chunk has loaded; see linkInvocations.
    let apis: NodeBrowserApis | undefined

    const view = (gatewayId: string): NodeView => get().nodes[gatewayId] ?? EMPTY_VIEW
    const patch = (gatewayId: string, change: (current: NodeView) => Partial<NodeView>) =>
      set({ nodes: { ...get().nodes, [gatewayId]: { ...view(gatewayId), ...change(view(gatewayId)) } } })
    const record = (gatewayId: string) => get().gateways.find((gateway) => gateway.id === gatewayId)

    function upsertEntry(gatewayId: string, entry: InvocationEntry): void {
      patch(gatewayId, ({ log }) => ({
        log: log.some((existing) => existing.id === entry.id) ? log.map((existing) => (existing.id === entry.id ? entry : existing)) : [entry, ...log].slice(0, NODE_LOG_LIMIT),
      }))
    }

    /** Shows the question and waits for the user; a newer question (or the deadline) ends an older one. */
    function askNotificationPermission(gatewayId: string, request: NotificationRequest, signal: AbortSignal): Promise<NotificationPermissionState> {
      pendingAnswer?.('default')
      return new Promise((resolve) => {
        const finish = (permission: NotificationPermissionState) => {
          if (pendingAnswer !== finish) return
          pendingAnswer = null
          resolve(permission)
        }
        pendingAnswer = finish
        set({ notificationPrompt: { gatewayId, ...request } })
        // The prompt stays up after a timeout: the user can still allow notifications for next time.
        signal.addEventListener('abort', () => finish('default'), { once: true })
      })
    }

    type NodeRuntime = typeof import('../gateway/node/runtime')
    type Dispatcher = InstanceType<NodeRuntime['InvokeDispatcher']>

    function dispatcherFor(gatewayId: string, runtime: NodeRuntime): Dispatcher {
      const handlers = runtime.createNodeHandlers((apis ??= deps.nodeApis ?? runtime.browserNodeApis()), {
        appVersion: deps.appVersion,
        deviceName: () => record(gatewayId)?.deviceName ?? '',
        askPermission: (request, signal) => askNotificationPermission(gatewayId, request, signal),
        showInApp: (request) => patch(gatewayId, () => ({ inAppMessage: { ...request, atMs: Date.now() } })),
      })
      return new runtime.InvokeDispatcher({
        handlers,
        isEnabled: (command) => isNodeCommandOn(record(gatewayId) ?? {}, command),
        onStart: ({ id, command, startedAtMs }) => upsertEntry(gatewayId, { id, command, atMs: startedAtMs, state: 'running' }),
        onEnd: ({ id, command, startedAtMs, outcome }) =>
          upsertEntry(gatewayId, outcome.ok ? { id, command, atMs: startedAtMs, state: 'sent' } : { id, command, atMs: startedAtMs, state: 'failed', code: outcome.error.code, message: outcome.error.message }),
      })
    }

    /**
     * The dispatcher, the command handlers and the browser features behind them are a chunk of their
     * own: most devices are never a node. Invocations that arrive while it loads wait in `early` and
     * are handed over in order, so none is lost; those of a link that dropped meanwhile are forgotten
     * (the gateway no longer waits for them). A failed load is tried again on the next connect.
     */
    function linkInvocations(gatewayId: string, client: GatewayClient) {
      const early: EventFrame[] = []
      let forward: ((event: EventFrame) => void) | undefined
      const offEarly = client.onEvent((event) => {
        if (forward) forward(event)
        else if (event.event === NODE_INVOKE_REQUEST_EVENT || event.event === NODE_INVOKE_CANCEL_EVENT) early.push(event)
      })
      let dispatcher: Dispatcher | undefined
      let offInvoker: (() => void) | undefined
      let loading: Promise<void> | undefined
      let isClosed = false
      const load = () =>
        (loading ??= import('../gateway/node/runtime').then(
          (runtime) => {
            if (isClosed) return
            dispatcher = dispatcherFor(gatewayId, runtime)
            const transport = {
              onEvent(listener: (event: EventFrame) => void) {
                forward = listener
                for (const event of early.splice(0)) listener(event)
                return () => (forward = undefined)
              },
              request: (method: string, params?: unknown) => client.request(method, params),
            }
            offInvoker = runtime.attachNodeInvoker(transport, dispatcher)
          },
          () => void (loading = undefined),
        ))
      void load()
      return {
        retryLoad: () => void load(),
        cancelAll() {
          early.length = 0
          dispatcher?.cancelAll()
        },
        close() {
          isClosed = true
          offEarly()
          offInvoker?.()
          dispatcher?.cancelAll()
        },
      }
    }

    async function loadDeviceId(gatewayId: string): Promise<string | undefined> {
      const known = view(gatewayId).deviceId
      if (known) return known
      const deviceId = (await createGatewayVault(gatewayId).loadIdentity())?.deviceId
      if (deviceId && attached.has(gatewayId)) patch(gatewayId, () => ({ deviceId }))
      return deviceId
    }

    return {
      nodes: {},
      notificationPrompt: null,

      attachNode(gatewayId, client) {
        get().detachNode(gatewayId)
        if (client.role !== 'node') return
        const invocations = linkInvocations(gatewayId, client)
        const offEvents = client.onEvent((event) => {
          if (event.event !== NODE_PAIR_RESOLVED_EVENT) return
          const resolved = NodePairResolved.safeParse(event.payload)
          if (!resolved.success || resolved.data.decision !== 'approved' || resolved.data.nodeId !== view(gatewayId).deviceId) return
          patch(gatewayId, () => ({ surfaceApprovedAtMs: resolved.data.ts ?? Date.now() }))
          void get().refreshNodeSurface(gatewayId)
        })
        const offStatus = client.onStatus((status) => {
          if (status.phase === 'connected') {
            invocations.retryLoad()
            void loadDeviceId(gatewayId).then(() => get().refreshNodeSurface(gatewayId))
          } else invocations.cancelAll()
        })
        attached.set(gatewayId, { client, detach: () => (invocations.close(), offEvents(), offStatus()) })
        patch(gatewayId, (current) => current) // the node screen has a view (an empty log) from the start
        void loadDeviceId(gatewayId)
      },

      detachNode(gatewayId) {
        attached.get(gatewayId)?.detach()
        attached.delete(gatewayId)
        if (get().notificationPrompt?.gatewayId === gatewayId) {
          pendingAnswer?.('default')
          set({ notificationPrompt: null })
        }
      },

      async setNodeCommandEnabled(gatewayId, command, isEnabled) {
        const current = record(gatewayId)
        if (!current) return
        const off = new Set(current.nodeCommandsOff ?? [])
        if (isEnabled) off.delete(command)
        else off.add(command)
        const next = { ...current, nodeCommandsOff: [...off].sort() }
        set({ gateways: get().gateways.map((gateway) => (gateway.id === gatewayId ? next : gateway)) })
        await saveGatewayRecord(next)
      },

      answerNotificationPrompt(allow) {
        const answer = pendingAnswer
        set({ notificationPrompt: null })
        // The question only shows while a notify command runs, so its chunk (and `apis`) has loaded.
        const notifications = apis?.notifications
        if (!allow || !notifications) {
          answer?.('default')
          return
        }
        // NOTE: requestPermission runs inside the click that called us, which browsers insist on.
        void notifications.requestPermission().then(
          (permission) => answer?.(permission),
          () => answer?.('default'),
        )
      },

      async refreshNodeSurface(gatewayId) {
        const operator = get().clientFor(gatewayId, 'operator')
        if (operator?.status.phase !== 'connected') return
        const nodeId = await loadDeviceId(gatewayId)
        if (!nodeId) return
        try {
          const described = NodeDescription.safeParse(await operator.request('node.describe', { nodeId }))
          if (!described.success) return
          const { commands, approvalState, pendingRequestId } = described.data
          patch(gatewayId, () => ({ surface: { commands, ...(approvalState ? { approvalState } : {}), ...(pendingRequestId ? { pendingRequestId } : {}), checkedAtMs: Date.now() } }))
        } catch {
          // Not known to the gateway as a node yet (unknown nodeId), or the link dropped: keep the general guide.
        }
      },

      dismissInAppMessage(gatewayId) {
        patch(gatewayId, () => ({ inAppMessage: undefined }))
      },
    }
  }
