/**
 * Playwright fixtures: a fake model and a real gateway per worker, plus page helpers that act the
 * way a user does (role and name locators) and look into IndexedDB the way a test must.
 */
import { test as base, expect, type Page, type WebSocket as PageSocket } from '@playwright/test'
import { startFakeModel, type FakeModel } from '../harness/fakeModel'
import { TestGateway } from '../harness/testGateway'
import { APP_ORIGIN } from './playwright.config'

type WorkerFixtures = { model: FakeModel; gateway: TestGateway }

export const test = base.extend<object, WorkerFixtures>({
  model: [
    async ({}, use) => {
      const model = await startFakeModel()
      await use(model)
      await model.close()
    },
    { scope: 'worker' },
  ],
  gateway: [
    async ({ model }, use) => {
      const gateway = await TestGateway.start({ modelBaseUrl: model.baseUrl, allowedOrigins: [APP_ORIGIN] })
      await warmUp(gateway, model)
      await use(gateway)
      await gateway.dispose()
    },
    { scope: 'worker', timeout: 180_000 },
  ],
})
export { expect }

/**
 * One agent run on the main session before any test gets the gateway. NOTE: a gateway's first run
 * after a start loads its agent runtime and is slow to call the model (13 s measured here under
 * load, 0.5 s for the next); now that pairing no longer waits seconds for the CLI, a test's first
 * message would otherwise pay that inside its 30 s expect, and the gateway's startup work with it.
 */
export async function warmUp(gateway: TestGateway, model: FakeModel): Promise<void> {
  const text = `harness warm-up ${Date.now()}`
  await gateway.sendChat('main', text)
  const deadline = Date.now() + 120_000
  while (!model.received.includes(text)) {
    if (Date.now() > deadline) throw new Error(`the gateway's warm-up run never reached the model; see ${gateway.logPath}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

export const connectionStatus = (page: Page) => page.getByRole('status', { name: 'Connection status' })

/** Pastes a setup code and confirms with the default role, as a user would. */
export async function pasteAndConfirm(page: Page, setupCode: string, role: 'Chat (operator)' | 'Node' = 'Chat (operator)'): Promise<void> {
  await page.getByRole('button', { name: 'Paste setup code' }).click()
  await page.getByRole('textbox', { name: 'Setup code' }).fill(setupCode)
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByRole('radio', { name: role }).check()
  await page.getByRole('button', { name: 'Connect' }).click()
}

/**
 * Reads the request id off the waiting screen's `openclaw devices approve <id>` and approves it:
 * over the harness's admin connection (`device.pair.approve`, the call the CLI makes) by default,
 * or by running the real CLI where that command is what the test proves. The CLI starts Node and
 * loads itself for 2-10 s a call on this machine; approvals were the suite's most frequent call.
 */
export async function approveFromScreen(page: Page, gateway: TestGateway, by: 'admin' | 'cli' = 'admin'): Promise<string> {
  await expect(connectionStatus(page)).toContainText('Waiting for approval')
  const command = await page.locator('.command code').first().textContent()
  const requestId = command?.match(/openclaw devices approve (\S+)/)?.[1]
  if (!requestId) throw new Error(`no approve command on screen: ${command}`)
  if (by === 'cli') await gateway.cli(['devices', 'approve', requestId])
  else await gateway.approve(requestId)
  return requestId
}

/** Every IndexedDB database of the page, every store, every record (CryptoKeys shown by type only). */
/**
 * What a dump holds of the user's data: stores with records only (databases are opened on first use, so an empty
 * one says nothing), without the meta database (the storage schema version the app writes at start, no user data).
 */
export function storedData(dump: Awaited<ReturnType<typeof dumpIndexedDb>>): Record<string, Record<string, Array<[unknown, unknown]>>> {
  const kept: Record<string, Record<string, Array<[unknown, unknown]>>> = {}
  for (const [name, stores] of Object.entries(dump)) {
    if (name === 'openclaw-companion-meta') continue
    const filled = Object.entries(stores).filter(([, records]) => records.length > 0)
    if (filled.length > 0) kept[name] = Object.fromEntries(filled)
  }
  return kept
}

export async function dumpIndexedDb(page: Page): Promise<Record<string, Record<string, Array<[unknown, unknown]>>>> {
  return page.evaluate(async () => {
    const out: Record<string, Record<string, Array<[unknown, unknown]>>> = {}
    const serialize = (value: unknown): unknown => {
      if (typeof CryptoKey !== 'undefined' && value instanceof CryptoKey) return { cryptoKey: value.type, extractable: value.extractable }
      if (value instanceof Uint8Array) return { bytes: value.length }
      if (Array.isArray(value)) return value.map(serialize)
      if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, serialize(v)]))
      return value
    }
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name!)
        request.onsuccess = () => resolve(request.result)
        request.onerror = () => reject(request.error)
      })
      const stores: Record<string, Array<[unknown, unknown]>> = {}
      out[info.name] = stores
      for (const storeName of Array.from(db.objectStoreNames)) {
        const tx = db.transaction(storeName, 'readonly')
        const store = tx.objectStore(storeName)
        const [keys, values] = await Promise.all([
          new Promise<IDBValidKey[]>((resolve) => {
            const r = store.getAllKeys()
            r.onsuccess = () => resolve(r.result)
          }),
          new Promise<unknown[]>((resolve) => {
            const r = store.getAll()
            r.onsuccess = () => resolve(r.result)
          }),
        ])
        stores[storeName] = keys.map((key, index) => [key, serialize(values[index])])
      }
      db.close()
    }
    return out
  })
}

/** Records the auth method of every hello-ok the page receives. */
export function watchHellos(page: Page): string[] {
  const methods: string[] = []
  page.on('websocket', (socket: PageSocket) => {
    socket.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string' || !payload.includes('"hello-ok"')) return
      const method = (JSON.parse(payload) as { payload?: { auth?: { method?: string } } }).payload?.auth?.method
      if (method) methods.push(method)
    })
  })
  return methods
}

// ---- Shared by chaos.spec.ts, hostileInput.spec.ts and secretHygiene.spec.ts ----

export const messageLog = (page: Page) => page.getByRole('log', { name: 'Messages' })
export const composer = (page: Page) => page.getByRole('textbox', { name: 'Message' })

/** Pairs a fresh page as an operator with the given setup code (a fresh one of the gateway's own by default). */
export async function pairOperator(page: Page, gateway: TestGateway, setupCode?: string): Promise<void> {
  await page.goto('/')
  await pasteAndConfirm(page, setupCode ?? (await gateway.setupCode()).setupCode)
  await approveFromScreen(page, gateway)
  await expect(connectionStatus(page)).toContainText('Connected')
}

/**
 * Types a message and presses Enter, then waits until it is durably in the outbox: the box clears at
 * once, and the message's bubble leaves "saving" only once the outbox write has finished.
 */
export async function typeAndSend(page: Page, text: string): Promise<void> {
  await composer(page).fill(text)
  await composer(page).press('Enter')
  await expect(composer(page)).toHaveValue('')
  const bubble = messageLog(page).locator('.message-user').filter({ hasText: text }).last()
  await expect(bubble).toHaveAttribute('data-state', /^(queued|sending|sent|answered|failed)$/)
}

/** Every entry of every gateway's outbox in an IndexedDB dump. */
export function outboxEntries(dump: Awaited<ReturnType<typeof dumpIndexedDb>>): Array<{ text: string; state: string }> {
  return (dump['openclaw-companion-outbox']?.outbox ?? []).flatMap(([, value]) => (value as { entries: Array<{ text: string; state: string }> }).entries)
}

/** Collects every uncaught page error; assert the list is empty at the end of a test. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`))
  return errors
}

/**
 * A gateway of the spec file's own, for screenshots: the worker's shared gateway carries every earlier
 * spec's messages in its main session, and a picture must not depend on which specs ran before.
 */
export function useOwnGateway(config?: Record<string, unknown> | ((model: FakeModel) => Record<string, unknown>)): () => TestGateway {
  let own: TestGateway | undefined
  test.beforeAll(async ({ model }) => {
    own = await TestGateway.start({ modelBaseUrl: model.baseUrl, allowedOrigins: [APP_ORIGIN], config: typeof config === 'function' ? config(model) : config })
  })
  test.afterAll(async () => {
    await own?.dispose()
  })
  return () => {
    if (!own) throw new Error('the spec file has no gateway of its own yet')
    return own
  }
}
