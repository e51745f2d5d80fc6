/**
 * The node slice's working parts (nodeSlice.ts keeps only its state and thin actions): answering
 * the gateway's invocations through the command handlers, the invocation log, the command switches
 * and the setup guide's `node.describe`. A chunk of its own, with the handlers and the browser
 * features behind them, loaded when a node link attaches or a node action is first called.
 */
import type { StoreApi } from 'zustand/vanilla'
import type { EventFrame, GatewayClient } from '../gateway'
import {
  consentKindOf,
  decideConsent,
  NODE_PAIR_RESOLVED_EVENT,
  NodeDescription,
  NodePairResolved,
  withCommandSwitch,
  type InvokeError,
  type NodeBrowserApis,
} from '../gateway/node'
import { createConsentQuestion } from './consentQuestion'
import { attachNodeInvoker, browserNodeApis, createNodeHandlers, InvokeDispatcher } from '../gateway/node/runtime'
import { saveGatewayRecord } from './gatewayRecords'
import { NODE_LOG_LIMIT, type InvocationEntry, type NodeSlice, type NodeView } from './nodeSlice'
import { isNodeCommandOn } from './nodeSetupGuide'
import { createNotificationQuestion } from './notificationQuestion'
import type { AppState, StoreDeps } from './store'
import { createGatewayVault } from './vaultStorage'

export type NodeSliceImpl = Pick<
  NodeSlice,
  'setNodeCommandEnabled' | 'answerNotificationPrompt' | 'answerNodeConsent' | 'refreshNodeSurface' | 'dismissInAppMessage'
> & {
  /** Takes a node link over from its hold, `early` (the events that came while this chunk loaded) first; returns its detach. */
  attach(gatewayId: string, client: GatewayClient, early: EventFrame[]): () => void
}

const EMPTY_VIEW: NodeView = { log: [] }

export function createNodeSliceImpl(deps: StoreDeps, store: StoreApi<AppState>): NodeSliceImpl {
  const { getState: get, setState: set } = store
  const attached = new Set<string>()
  let apis: NodeBrowserApis | undefined
  const nodeApis = () => (apis ??= deps.nodeApis ?? browserNodeApis())
  const question = createNotificationQuestion(store, () => apis)
  const consent = createConsentQuestion(store, {
    now: () => Date.now(),
    onHidden: (listener) => nodeApis().onHidden?.(listener) ?? (() => {}),
    onAnswer: (gatewayId, request, answer) => {
      const detail = request.kind === 'location' ? request.accuracy : request.facing
      mergeEntry(gatewayId, request.invokeId, { consent: { answer, atMs: Date.now() }, ...(detail ? { detail } : {}) })
    },
  })

  const view = (gatewayId: string): NodeView => get().nodes[gatewayId] ?? EMPTY_VIEW
  const patch = (gatewayId: string, change: (current: NodeView) => Partial<NodeView>) =>
    set({ nodes: { ...get().nodes, [gatewayId]: { ...view(gatewayId), ...change(view(gatewayId)) } } })
  const record = (gatewayId: string) => get().gateways.find((gateway) => gateway.id === gatewayId)

  /** A new entry, or an update of one that keeps what was noted on it meanwhile (the consent answer). */
  function upsertEntry(gatewayId: string, entry: InvocationEntry): void {
    patch(gatewayId, ({ log }) => ({
      log: log.some((existing) => existing.id === entry.id)
        ? log.map((existing) => (existing.id === entry.id ? { ...entry, ...pick(existing) } : existing))
        : [entry, ...log].slice(0, NODE_LOG_LIMIT),
    }))
  }
  const pick = ({ consent: answered, detail }: InvocationEntry) => ({ ...(answered ? { consent: answered } : {}), ...(detail ? { detail } : {}) })

  function mergeEntry(gatewayId: string, id: string, change: Partial<InvocationEntry>): void {
    patch(gatewayId, ({ log }) => ({ log: log.map((existing) => (existing.id === id ? { ...existing, ...change } : existing)) }))
  }

  /** Camera and location run only on screen, and only for a gateway whose node link this tab runs. */
  function refuse(gatewayId: string, command: string): InvokeError | null {
    const kind = consentKindOf(command)
    if (!kind) return null
    const decision = decideConsent(kind, {
      isSwitchedOn: isNodeCommandOn(record(gatewayId) ?? {}, command),
      isVisible: nodeApis().isVisible(),
      isNodeActive: attached.has(gatewayId),
      nowMs: Date.now(),
    })
    return decision.kind === 'refuse' ? decision.error : null
  }

  function dispatcherFor(gatewayId: string): InvokeDispatcher {
    const handlers = createNodeHandlers(nodeApis(), {
      appVersion: deps.appVersion,
      deviceName: () => record(gatewayId)?.deviceName ?? '',
      gatewayLabel: () => record(gatewayId)?.label ?? 'this gateway',
      askPermission: (request, signal) => question.ask(gatewayId, request, signal),
      showInApp: (request) => patch(gatewayId, () => ({ inAppMessage: { ...request, atMs: Date.now() } })),
      askConsent: (request, signal) => consent.ask(gatewayId, request, signal),
      onSensorInUse: (kind, isInUse) => consent.setInUse(gatewayId, kind, isInUse),
    })
    return new InvokeDispatcher({
      handlers,
      isEnabled: (command) => isNodeCommandOn(record(gatewayId) ?? {}, command),
      refuse: (command) => refuse(gatewayId, command),
      onStart: ({ id, command, startedAtMs }) => upsertEntry(gatewayId, { id, command, atMs: startedAtMs, state: 'running' }),
      onEnd: ({ id, command, startedAtMs, outcome }) =>
        upsertEntry(
          gatewayId,
          outcome.ok
            ? { id, command, atMs: startedAtMs, state: 'sent' }
            : { id, command, atMs: startedAtMs, state: 'failed', code: outcome.error.code, message: outcome.error.message },
        ),
    })
  }

  async function loadDeviceId(gatewayId: string): Promise<string | undefined> {
    const known = view(gatewayId).deviceId
    if (known) return known
    const deviceId = (await createGatewayVault(gatewayId).loadIdentity())?.deviceId
    if (deviceId && attached.has(gatewayId)) patch(gatewayId, () => ({ deviceId }))
    return deviceId
  }

  /** An operator approved this device's node commands: note when, and read the new surface. */
  async function onPairResolved(gatewayId: string, event: EventFrame): Promise<void> {
    const resolved = NodePairResolved.safeParse(event.payload)
    if (!resolved.success || resolved.data.decision !== 'approved') return
    // Awaited: an event handed over from the hold may come before this device's id is read.
    if (resolved.data.nodeId !== (await loadDeviceId(gatewayId))) return
    patch(gatewayId, () => ({ surfaceApprovedAtMs: resolved.data.ts ?? Date.now() }))
    await refreshNodeSurface(gatewayId)
  }

  async function refreshNodeSurface(gatewayId: string): Promise<void> {
    const operator = get().clientFor(gatewayId, 'operator')
    if (operator?.status.phase !== 'connected') return
    const nodeId = await loadDeviceId(gatewayId)
    if (!nodeId) return
    try {
      const described = NodeDescription.safeParse(await operator.request('node.describe', { nodeId }))
      if (!described.success) return
      const { commands, approvalState, pendingRequestId } = described.data
      patch(gatewayId, () => ({
        surface: { commands, ...(approvalState ? { approvalState } : {}), ...(pendingRequestId ? { pendingRequestId } : {}), checkedAtMs: Date.now() },
      }))
    } catch {
      // Not known to the gateway as a node yet (unknown nodeId), or the link dropped: keep the general guide.
    }
  }

  return {
    attach(gatewayId, client, early) {
      attached.add(gatewayId)
      const dispatcher = dispatcherFor(gatewayId)
      // Each listener gets the events held while this chunk loaded, then the live ones.
      const onEvent = (listener: (event: EventFrame) => void) => {
        for (const event of early) listener(event)
        return client.onEvent(listener)
      }
      const offInvoker = attachNodeInvoker({ onEvent, request: (method, params) => client.request(method, params) }, dispatcher)
      const offApproved = onEvent((event) => void (event.event === NODE_PAIR_RESOLVED_EVENT && onPairResolved(gatewayId, event)))
      const onConnected = () => void loadDeviceId(gatewayId).then(() => refreshNodeSurface(gatewayId))
      const offStatus = client.onStatus((status) => (status.phase === 'connected' ? onConnected() : dispatcher.cancelAll()))
      if (client.status.phase === 'connected') onConnected()
      else void loadDeviceId(gatewayId)
      return () => {
        attached.delete(gatewayId)
        offInvoker()
        offApproved()
        offStatus()
        dispatcher.cancelAll()
        question.withdraw(gatewayId)
        consent.withdraw(gatewayId)
      }
    },

    async setNodeCommandEnabled(gatewayId, command, isEnabled) {
      const current = record(gatewayId)
      if (!current) return
      const next = { ...current, ...withCommandSwitch(current, command, isEnabled) }
      if (!isEnabled && consentKindOf(command) === 'location') consent.endGrant(gatewayId)
      set({ gateways: get().gateways.map((gateway) => (gateway.id === gatewayId ? next : gateway)) })
      await saveGatewayRecord(next)
    },

    answerNotificationPrompt: (allow) => question.answer(allow),
    answerNodeConsent: (choice) => consent.answer(choice),
    refreshNodeSurface,
    dismissInAppMessage: (gatewayId) => patch(gatewayId, () => ({ inAppMessage: undefined })),
  }
}
