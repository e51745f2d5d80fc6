/** Shared pieces of the integration tests: a client over the real IndexedDB vault, and waiting. */
import WebSocket from 'ws'
import { GatewayClient, type ConnectionStatus, type EventFrame, type Role, type SocketLike } from '../../src/gateway'
import { createGatewayVault } from '../../src/store/vaultStorage'

/** Browsers always send an Origin; the harness's clients do too, so the gateway treats them alike. */
export const TEST_ORIGIN = `http://localhost:${process.env.E2E_APP_PORT ?? 4173}`

export type Recorded = { sockets: number; sentMethods: string[] }

export function makeClient(url: string, gatewayId: string, role: Role, recorded: Recorded = { sockets: 0, sentMethods: [] }) {
  const client = new GatewayClient({
    url,
    role,
    vault: createGatewayVault(gatewayId),
    clientInfo: { version: 'integration-test', displayName: 'Integration test' },
    socketFactory: (target) => {
      recorded.sockets += 1
      const ws = new WebSocket(target, { origin: TEST_ORIGIN })
      const send = ws.send.bind(ws)
      ws.send = ((data: string) => {
        const method = (JSON.parse(data) as { method?: string }).method
        if (method) recorded.sentMethods.push(method)
        send(data)
      }) as typeof ws.send
      return ws as unknown as SocketLike
    },
  })
  return { client, recorded }
}

/** The phase and why, never the whole status: a connected one carries the hello-ok, device token included. */
function statusSummary(status: ConnectionStatus): string {
  if (status.phase === 'needs-user') return `needs-user (${status.problem.kind})`
  return 'reason' in status ? `${status.phase} (${status.reason})` : status.phase
}

export function waitForStatus(client: GatewayClient, predicate: (status: ConnectionStatus) => boolean, timeoutMs = 45_000): Promise<ConnectionStatus> {
  return new Promise((resolve, reject) => {
    if (predicate(client.status)) {
      resolve(client.status)
      return
    }
    const timer = setTimeout(() => {
      off()
      reject(new Error(`status never matched; last: ${statusSummary(client.status)}`))
    }, timeoutMs)
    const off = client.onStatus((status) => {
      if (!predicate(status)) return
      clearTimeout(timer)
      off()
      resolve(status)
    })
  })
}

export function waitForEvent(client: GatewayClient, predicate: (event: EventFrame) => boolean, timeoutMs = 60_000): Promise<EventFrame> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off()
      reject(new Error('event never arrived'))
    }, timeoutMs)
    const off = client.onEvent((event) => {
      if (!predicate(event)) return
      clearTimeout(timer)
      off()
      resolve(event)
    })
  })
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
