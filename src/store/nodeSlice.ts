/**
 * The browser as a node of a gateway: answers the gateway's invocations through the command
 * handlers, keeps a short log of them for the user, the per-command switches (saved in the
 * gateway's record), the notification-permission question, and what the gateway's policy lets
 * through (read with `node.describe` when this device also holds the operator role).
 *
 * Only the state and thin actions are here, in the entry: most devices are never a node, so the
 * working parts (nodeSliceImpl.ts) are a chunk loaded when a node link attaches or an action runs.
 */
import type { StateCreator } from 'zustand/vanilla'
import type { GatewayClient } from '../gateway'
import type { NotificationRequest } from '../gateway/node'
import { lazyChunk } from './lazyChunk'
import { holdNodeLink } from './nodeLinkHold'
import type { AppState, StoreDeps } from './store'

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

export const createNodeSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], NodeSlice> =>
  (set, get, store) => {
    const detachers = new Map<string, () => void>()
    const impl = lazyChunk(() => import('./nodeSliceImpl').then((module) => module.createNodeSliceImpl(deps, store)))

    return {
      nodes: {},
      notificationPrompt: null,

      attachNode(gatewayId, client) {
        get().detachNode(gatewayId)
        if (client.role !== 'node') return
        detachers.set(gatewayId, holdNodeLink(client, impl.load, (loaded, early) => loaded.attach(gatewayId, client, early)))
        // The node screen has a view (an empty log) from the start.
        if (!get().nodes[gatewayId]) set({ nodes: { ...get().nodes, [gatewayId]: { log: [] } } })
      },

      detachNode(gatewayId) {
        detachers.get(gatewayId)?.()
        detachers.delete(gatewayId)
      },

      async setNodeCommandEnabled(gatewayId, command, isEnabled) {
        await (await impl.load()).setNodeCommandEnabled(gatewayId, command, isEnabled)
      },

      answerNotificationPrompt(allow) {
        // Not awaited: the browser's permission request must run inside the user's click. The
        // question is only ever asked by the implementation, so it has loaded when there is one.
        const loaded = impl.loaded()
        if (loaded) loaded.answerNotificationPrompt(allow)
        else set({ notificationPrompt: null })
      },

      async refreshNodeSurface(gatewayId) {
        // Only feeds the setup guide: a chunk that failed to load just leaves the general steps.
        const loaded = await impl.load().catch(() => undefined)
        await loaded?.refreshNodeSurface(gatewayId)
      },

      dismissInAppMessage(gatewayId) {
        impl.loaded()?.dismissInAppMessage(gatewayId)
      },
    }
  }
