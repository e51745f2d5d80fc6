/**
 * Test support for the store tests: raw handles on the store's IndexedDB databases (same names,
 * so tests can plant garbage or check that nothing was written), a polling `until` that does not
 * depend on timers (safe under vi.useFakeTimers), and a store wired to real `ws` sockets. Not
 * shipped: only `*.test.ts` files import it.
 */
import { clear, keys, values, type UseStore } from 'idb-keyval'
import { gatewayAddress } from '../../gateway'
import { type DatabaseName, openDatabase } from '../databases'
import { afterEach, beforeEach, expect } from 'vitest'
import { WebSocket } from 'ws'
import type { StoreApi } from 'zustand/vanilla'
import { staticEnvironment, type SocketLike } from '../../gateway'
import { FakeGateway, type GatewayConnection, type JsonObject } from '../../gateway/testing/fakeGateway'
import type { OutboxEntry } from '../chatStorage'
import { onStoreDiagnostic, type StoreDiagnostic } from '../diagnostics'
import type { GatewayRecord } from '../gatewayRecords'
import { createAppStore, memoryPreferences, type AppState, type StoreDeps } from '../store'
import { saveInitialSecrets } from '../vaultStorage'

/** The store's databases, opened by name exactly as the modules under test open them. */
export const rawDbs = {
  gateways: openDatabase('gateways'),
  secrets: openDatabase('secrets'),
  identities: openDatabase('identities'),
  outbox: openDatabase('outbox'),
  drafts: openDatabase('drafts'),
  history: openDatabase('history'),
  quarantine: openDatabase('quarantine'),
  meta: openDatabase('meta'),
  push: openDatabase('push'),
  share: openDatabase('share'),
} satisfies Record<DatabaseName, UseStore>

export async function clearAllDatabases(): Promise<void> {
  await Promise.all(Object.values(rawDbs).map((db) => clear(db)))
}

/** Every key in every database, by database name; `{}` entries mean "nothing written". */
export async function allKeys(): Promise<Record<string, IDBValidKey[]>> {
  const result: Record<string, IDBValidKey[]> = {}
  for (const [name, db] of Object.entries(rawDbs)) result[name] = await keys(db)
  return result
}

/** The records kept aside in the quarantine database, oldest first. */
export async function quarantined(): Promise<Array<{ record: string; gatewayId: string; issues: string[]; raw: unknown }>> {
  return (await values(rawDbs.quarantine)) as Array<{ record: string; gatewayId: string; issues: string[]; raw: unknown }>
}

export const NOTHING_STORED = { gateways: [], secrets: [], identities: [], outbox: [], drafts: [], history: [], quarantine: [], meta: [], push: [], share: [] }

const nextTask = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Waits until `check` stops throwing (or returns true); polls on setImmediate, so fake setTimeout does not stall it. */
export async function until(check: () => unknown, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      if (check() !== false) return
      lastError = new Error('condition still false')
    } catch (error) {
      lastError = error
    }
    if (Date.now() > deadline) throw lastError
    await nextTask()
  }
}

/**
 * Lets everything already under way run to a quiet point: several IndexedDB round trips (each one
 * spans many tasks in fake-indexeddb) and the tasks between them. Used before asserting that
 * something did NOT happen, e.g. that a second message was not sent before the first was acked.
 */
export async function settle(): Promise<void> {
  for (let i = 0; i < 8; i++) {
    await keys(rawDbs.outbox)
    await nextTask()
  }
}

/** Collects store diagnostics until `stop()`. */
export function collectDiagnostics(): { list: StoreDiagnostic[]; stop: () => void } {
  const list: StoreDiagnostic[] = []
  const stop = onStoreDiagnostic((diagnostic) => list.push(diagnostic))
  return { list, stop: () => void stop() }
}

/** Runs `load` and returns what it gave with the diagnostics it reported meanwhile. */
export async function loadCollectingDiagnostics<T>(load: () => Promise<T>): Promise<{ value: T; diagnostics: StoreDiagnostic[] }> {
  const { list, stop } = collectDiagnostics()
  try {
    return { value: await load(), diagnostics: list }
  } finally {
    stop()
  }
}

export const wsSocketFactory = (url: string): SocketLike => new WebSocket(url) as unknown as SocketLike

export const TEST_USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36'

/** A store on real `ws` sockets, always online, with ids id-1, id-2, … and in-memory preferences. */
export function createTestStore(overrides: Partial<StoreDeps> = {}) {
  let counter = 0
  const preferences = memoryPreferences()
  const store = createAppStore({
    appVersion: '0.1.0-test',
    userAgent: TEST_USER_AGENT,
    pageProtocol: 'http:',
    socketFactory: wsSocketFactory,
    environment: staticEnvironment,
    preferences,
    newId: () => `id-${++counter}`,
    ...overrides,
  })
  /** Stops every client the store started, so no socket outlives the test. */
  const dispose = () => {
    for (const gateway of store.getState().gateways) {
      store.getState().clientFor(gateway.id)?.stop()
      for (const feature of Object.values(store.features)) feature.detach(gateway.id, 'operator')
    }
  }
  return { store, preferences, dispose }
}

/**
 * Per test: cleared databases, a fake gateway of its own, and stores whose clients stop when the
 * test ends. Call at the top of a test file.
 */
export function useStoreTestbed() {
  let gateway: FakeGateway | undefined
  const disposers: Array<() => void> = []
  beforeEach(async () => {
    await clearAllDatabases()
    gateway = await FakeGateway.start()
  })
  afterEach(async () => {
    for (const dispose of disposers.splice(0)) dispose()
    await gateway?.close()
    gateway = undefined
  })
  return {
    get gateway(): FakeGateway {
      if (!gateway) throw new Error('useStoreTestbed: the gateway exists only while a test runs')
      return gateway
    },
    testStore(overrides: Partial<StoreDeps> = {}) {
      const created = createTestStore(overrides)
      disposers.push(created.dispose)
      return created
    },
  }
}

export function gatewayRecord(id: string, url: string, overrides: Partial<GatewayRecord> = {}): GatewayRecord {
  return { v: 1, id, url, candidateUrls: [url], label: `label ${id}`, deviceName: 'Test device', role: 'operator', createdAtMs: 1_000, ...overrides }
}

export function outboxEntry(key: string, overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    idempotencyKey: key,
    sessionKey: 'agent:main:main',
    text: `text ${key}`,
    attachments: [],
    createdAtMs: Date.now(),
    attempts: 0,
    state: 'pending',
    ...overrides,
  }
}

export const MAIN_SESSION = 'agent:main:main'

/** Answers what an operator client asks right after connecting: the session list and the open session's history. */
export async function answerStartup(
  store: StoreApi<AppState>,
  gatewayId: string,
  connection: GatewayConnection,
  { sessions = [], history = { messages: [] } }: { sessions?: unknown[]; history?: JsonObject } = {},
): Promise<void> {
  const subscribe = await connection.request('sessions.subscribe')
  connection.respond(subscribe.id, { subscribed: true, list: { sessions } })
  const historyRequest = await connection.request('chat.history')
  connection.respond(historyRequest.id, history)
  await until(() => expect(store.getState().chats[gatewayId]?.historyState).toBe('loaded'))
  await until(() => expect(store.getState().sessions[gatewayId]).toBeDefined())
}

/** Adds an operator gateway (shared-token auth) to the store and takes it through handshake and startup. */
export async function connectOperator(
  store: StoreApi<AppState>,
  gateway: FakeGateway,
  gatewayId: string,
  options: { connectionIndex?: number; hello?: JsonObject; sessions?: unknown[]; history?: JsonObject } = {},
): Promise<GatewayConnection> {
  await saveInitialSecrets(gatewayId, { shared: { token: 'shared-token', addresses: [gatewayAddress(gateway.url)] } })
  await store.getState().addGateway(gatewayRecord(gatewayId, gateway.url))
  const connection = await gateway.connection(options.connectionIndex ?? 0)
  await connection.handshake(options.hello)
  await until(() => expect(store.getState().statuses[gatewayId]?.phase).toBe('connected'))
  await answerStartup(store, gatewayId, connection, options)
  return connection
}
