/**
 * The browser as a node of a gateway: answers the gateway's invocations through the command
 * handlers, keeps a short log of them for the user, the per-command switches (saved in the
 * gateway's record), the notification-permission question, and what the gateway's policy lets
 * through (read with `node.describe` when this device also holds the operator role).
 *
 * Only the state and thin actions are here, in the entry: most devices are never a node, so the
 * working parts (nodeSliceImpl.ts) are a chunk loaded when a node link attaches or an action runs.
 */
import type { GatewayClient } from '../gateway'
import { NODE_CAPS, NODE_COMMANDS, type ConsentAnswer, type NotificationRequest } from '../gateway/node'
import type { NodeConsentPrompt, SensorUse } from './consentQuestion'
import type { FeatureCreator } from './feature'
import { rolesOf } from './gatewayRecords'
import { lazyChunk } from './lazyChunk'
import { holdNodeLink } from './nodeLinkHold'

export type InvocationState = 'running' | 'sent' | 'failed'
export type InvocationEntry = {
  id: string
  command: string
  atMs: number
  state: InvocationState
  code?: string
  message?: string
  /** What the user answered on the consent sheet (camera, location), and when. */
  consent?: { answer: ConsentAnswer; atMs: number }
  /** What exactly was asked: the location's accuracy, the camera's facing. */
  detail?: string
}

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
export type { NodeConsentPrompt, SensorUse } from './consentQuestion'
export type ConsentChoice = 'allow-once' | 'allow-hour' | 'deny'

export type NodeSlice = {
  nodes: Record<string, NodeView>
  notificationPrompt: NotificationPrompt | null
  /** The camera or location request waiting for the user's answer (one at a time). */
  nodeConsent: NodeConsentPrompt | null
  /** The sensors a node command is using right now, for the indicator. */
  sensorsInUse: SensorUse[]
  /** The user's answer on the consent sheet. */
  answerNodeConsent(choice: ConsentChoice): void
  setNodeCommandEnabled(gatewayId: string, command: string, isEnabled: boolean): Promise<void>
  /** The user's answer to the notification question; call it from the click (browsers want a gesture). */
  answerNotificationPrompt(allow: boolean): void
  refreshNodeSurface(gatewayId: string): Promise<void>
  dismissInAppMessage(gatewayId: string): void
}

export const NODE_LOG_LIMIT = 50

export const createNodeFeature: FeatureCreator<NodeSlice> = (deps, { set, get, api }) => {
  const links = new Map<string, () => void>()
  /** Each gateway's operator link, which can read this device's node surface for the setup guide. */
  const operatorWatches = new Map<string, () => void>()
  const impl = lazyChunk(() => import('./nodeSliceImpl').then((module) => module.createNodeSliceImpl(deps, api)))

  function attachNode(gatewayId: string, client: GatewayClient): void {
    detachNode(gatewayId)
    links.set(
      gatewayId,
      holdNodeLink(client, impl.load, (loaded, early) => loaded.attach(gatewayId, client, early)),
    )
    // The node screen has a view (an empty log) from the start.
    if (!get().nodes[gatewayId]) set({ nodes: { ...get().nodes, [gatewayId]: { log: [] } } })
  }

  function detachNode(gatewayId: string): void {
    links.get(gatewayId)?.()
    links.delete(gatewayId)
  }

  function watchOperator(gatewayId: string, client: GatewayClient): void {
    operatorWatches.get(gatewayId)?.()
    // An operator link can read this device's node surface (node.describe) for the setup guide.
    const off = client.onStatus((status) => {
      const record = get().gateways.find((gateway) => gateway.id === gatewayId)
      if (status.phase === 'connected' && record && rolesOf(record).includes('node')) void slice.refreshNodeSurface(gatewayId)
    })
    operatorWatches.set(gatewayId, off)
  }

  const slice: NodeSlice = {
    nodes: {},
    notificationPrompt: null,
    nodeConsent: null,
    sensorsInUse: [],

    answerNodeConsent(choice) {
      // A sheet is only ever shown by the implementation, so it has loaded when there is one.
      impl.loaded()?.answerNodeConsent(choice)
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

  return {
    name: 'node',
    slice,
    connectExtras: (role) => (role === 'node' ? { commands: [...NODE_COMMANDS], caps: [...NODE_CAPS] } : undefined),
    attach(gatewayId, client, role) {
      if (role === 'node') attachNode(gatewayId, client)
      else watchOperator(gatewayId, client)
    },
    detach(gatewayId, role) {
      if (role === 'node') {
        detachNode(gatewayId)
        return
      }
      operatorWatches.get(gatewayId)?.()
      operatorWatches.delete(gatewayId)
    },
    async forget(gatewayId) {
      detachNode(gatewayId)
      operatorWatches.get(gatewayId)?.()
      operatorWatches.delete(gatewayId)
      const { [gatewayId]: _forgotten, ...nodes } = get().nodes
      set({ nodes })
    },
  }
}
