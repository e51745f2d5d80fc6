/**
 * Test support: a node-role client driven by hand, whose listeners can be counted, for the tests of
 * what happens while the node slice's implementation chunk loads. Not shipped: only tests import it.
 */
import type { ConnectionStatus, EventFrame, GatewayClient, HelloOk } from '../../gateway'

export const CONNECTED: ConnectionStatus = { phase: 'connected', hello: {} as HelloOk }
export const RECONNECTING: ConnectionStatus = { phase: 'reconnecting', attempt: 1, retryInMs: 1_000, reason: 'test' }

export function invocation(id: string, command = 'device.status'): EventFrame {
  return {
    type: 'event',
    event: 'node.invoke.request',
    payload: { id, nodeId: 'the-device', command, paramsJSON: '{}', timeoutMs: 15_000, idempotencyKey: `key-${id}` },
  }
}

export function fakeNodeClient() {
  const eventListeners = new Set<(event: EventFrame) => void>()
  const statusListeners = new Set<(status: ConnectionStatus) => void>()
  const requests: Array<{ method: string; params: unknown }> = []
  const client = {
    role: 'node' as const,
    status: CONNECTED,
    requests,
    onEvent(listener: (event: EventFrame) => void) {
      eventListeners.add(listener)
      return () => void eventListeners.delete(listener)
    },
    onStatus(listener: (status: ConnectionStatus) => void) {
      statusListeners.add(listener)
      return () => void statusListeners.delete(listener)
    },
    async request(method: string, params?: unknown) {
      requests.push({ method, params })
      return { ok: true }
    },
    emit(event: EventFrame) {
      for (const listener of [...eventListeners]) listener(event)
    },
    setStatus(status: ConnectionStatus) {
      client.status = status
      for (const listener of [...statusListeners]) listener(status)
    },
    listenerCount: () => eventListeners.size + statusListeners.size,
    /** The same object, typed for the store's attachNode. */
    asGatewayClient: () => client as unknown as GatewayClient,
  }
  return client
}
