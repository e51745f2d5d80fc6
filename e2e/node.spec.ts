/**
 * The browser as an OpenClaw node, against the real gateway and its real CLI: pairing as a node
 * (device approval, then the command surface), the agent's invocations through `openclaw nodes …`,
 * chat and node on one gateway at once, and a refused location permission.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Browser, BrowserContext, Page } from '@playwright/test'
import { launchWithFakeCamera } from './browser'
import { approveFromScreen, connectionStatus, dumpIndexedDb, expect, pasteAndConfirm, test } from './fixtures'
import { writeQrVideo } from './gateway/qrMedia'
import type { TestGateway } from './gateway/testGateway'
import { APP_ORIGIN } from './playwright.config'

test.describe.configure({ mode: 'serial' })

const POSITION = { latitude: 48.20849, longitude: 16.37208, accuracy: 12 }
const ALL_COMMANDS = ['camera.list', 'camera.snap', 'device.info', 'device.status', 'location.get', 'system.notify']

type NodeRow = { nodeId: string; connected?: boolean; commands?: string[]; displayName?: string; platform?: string }
type PendingRow = { requestId: string; nodeId: string; commands?: string[] }

let browser: Browser
let videoDir: string | undefined
/** The node-only browser of the first tests; the later ones go on with it. */
let node: { context: BrowserContext; page: Page; nodeId: string } | undefined

test.beforeAll(async ({ gateway }) => {
  // The fake camera shows the real QR of `openclaw qr` for the first pairing; `camera.snap` later photographs the same feed.
  videoDir = await mkdtemp(path.join(os.tmpdir(), 'node-qr-'))
  const video = path.join(videoDir, 'qr.y4m')
  await writeQrVideo((await gateway.setupCode()).setupCode, video)
  browser = await launchWithFakeCamera(video)
})

test.afterAll(async () => {
  await browser?.close()
  if (videoDir) await rm(videoDir, { recursive: true, force: true })
})

/** A browser profile with location and notifications allowed, whose notifications are recorded as they are shown. */
async function newDevice(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: APP_ORIGIN, geolocation: POSITION, permissions: ['camera', 'geolocation', 'notifications'] })
  await context.addInitScript(() => {
    const shown: Array<{ title: string; body: string }> = []
    Object.assign(window, { __shownNotifications: shown })
    const Real = window.Notification
    // Still the real Notification (it must show for real); only its constructions are recorded.
    window.Notification = class extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options)
        shown.push({ title, body: options?.body ?? '' })
      }
    }
  })
  return { context, page: await context.newPage() }
}

/** The CLI's JSON output (it may print a banner line first). */
function json<T>(out: string): T {
  const start = out.search(/^[[{]/m)
  return JSON.parse(out.slice(start)) as T
}

async function cliJson<T>(gateway: TestGateway, args: string[]): Promise<T> {
  return json<T>(await gateway.cli([...args, '--json']))
}

async function nodeStatus(gateway: TestGateway, nodeId: string): Promise<NodeRow | undefined> {
  return (await cliJson<{ nodes: NodeRow[] }>(gateway, ['nodes', 'status'])).nodes.find((row) => row.nodeId === nodeId)
}

const setupGuide = (page: Page) => page.getByRole('region', { name: 'Let the agent use this device' })
const agentLog = (page: Page) => page.getByRole('log', { name: 'Agent requests' })

/** axe-core on the whole page; the failure lists each rule and where it hit. */
async function expectNoAxeViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze()
  expect(violations.map((v) => ({ rule: v.id, where: v.nodes.map((n) => n.target.join(' ')) }))).toEqual([])
}

async function nodeIdOnScreen(page: Page): Promise<string> {
  const text = await setupGuide(page).getByText(/openclaw nodes describe --node/).textContent()
  const nodeId = text?.match(/--node ([0-9a-f]{64})/)?.[1]
  if (!nodeId) throw new Error(`no node id on screen: ${text}`)
  return nodeId
}

/**
 * Runs the exact `openclaw config set gateway.nodes.commands.allow …` line the app shows, and returns
 * once the gateway has applied it. The CLI only writes the file, and the gateway's watcher swaps its
 * runtime config a few hundred ms later; a node that reconnects in between is judged by the old
 * allowlist: the gateway withholds those commands and files no approval request for them, and the
 * later config change only re-filters the connected node's approved commands, it files no request.
 */
async function runAllowCommandFromScreen(page: Page, gateway: TestGateway): Promise<string[]> {
  const line = await setupGuide(page).locator('code', { hasText: 'gateway.nodes.commands.allow' }).textContent()
  const match = line?.match(/^openclaw config set gateway\.nodes\.commands\.allow '(\[.*\])' --strict-json$/)
  if (!match) throw new Error(`unexpected allow command: ${line}`)
  await gateway.configSet('gateway.nodes.commands.allow', match[1]!)
  return JSON.parse(match[1]!) as string[]
}

async function waitForPendingSurface(gateway: TestGateway, nodeId: string, command: string): Promise<PendingRow> {
  let found: PendingRow | undefined
  await expect
    .poll(async () => {
      found = (await cliJson<PendingRow[]>(gateway, ['nodes', 'pending'])).find((row) => row.nodeId === nodeId && row.commands?.includes(command))
      return found !== undefined
      // Each `openclaw nodes pending` takes seconds.
    }, { timeout: 45_000 })
    .toBe(true)
  return found!
}

async function expectConnectedWithAllCommands(gateway: TestGateway, nodeId: string): Promise<void> {
  await expect.poll(async () => (await nodeStatus(gateway, nodeId))?.connected, { timeout: 60_000 }).toBe(true)
  await expect.poll(async () => [...((await nodeStatus(gateway, nodeId))?.commands ?? [])].sort(), { timeout: 60_000 }).toEqual(ALL_COMMANDS)
}

test('pairs as a node by scanning the real QR; after the allow and approve steps the app shows, `nodes status` lists it with its commands', async ({ gateway }) => {
  const { context, page } = await newDevice()
  await page.goto('/')
  await page.getByRole('button', { name: 'Scan QR code' }).click()
  await expect(page.getByRole('heading', { name: 'Connect to this gateway?' })).toBeVisible()
  await expect(page.getByText(gateway.url)).toBeVisible()
  await page.getByRole('radio', { name: 'Node' }).check()
  await page.getByRole('button', { name: 'Connect' }).click()
  await approveFromScreen(page, gateway)
  await expect(connectionStatus(page)).toContainText('Connected')
  await expect(page.getByRole('heading', { name: /This device is a node of/ })).toBeVisible()

  const nodeId = await nodeIdOnScreen(page)
  node = { context, page, nodeId }
  const row = await nodeStatus(gateway, nodeId)
  expect(row).toMatchObject({ connected: true, platform: 'web' })

  // Step 1, exactly as shown: a browser is an "unknown" platform, so these need the allowlist.
  expect(await runAllowCommandFromScreen(page, gateway)).toEqual(['device.info', 'device.status', 'camera.snap'])
  await setupGuide(page).getByRole('button', { name: 'Reconnect node' }).click()
  // Step 2: approve the command surface the reconnect declared.
  const pending = await waitForPendingSurface(gateway, nodeId, 'camera.snap')
  await gateway.cli(['nodes', 'approve', pending.requestId])
  await expectConnectedWithAllCommands(gateway, nodeId)
  await expect(setupGuide(page)).toContainText('The gateway approved this device’s commands at')
})

test('answers the agent: device.info, location, a notification and a camera photo, each in the log', async ({ gateway }) => {
  if (!node) throw new Error('the first test did not pair the node')
  const { page, nodeId } = node

  const info = json<{ ok: boolean; payload: Record<string, unknown> }>(await gateway.cli(['nodes', 'invoke', '--node', nodeId, '--command', 'device.info']))
  const facts = await page.evaluate(() => ({ userAgent: navigator.userAgent, language: navigator.language, width: screen.width, height: screen.height }))
  expect(info.ok).toBe(true)
  expect(info.payload).toMatchObject({ userAgent: facts.userAgent, locale: facts.language, appVersion: '0.1.0', systemName: 'Linux', screen: { width: facts.width, height: facts.height } })
  await expect(agentLog(page).getByText(/The agent asked for this device’s facts at \d{1,2}:\d\d(?:\s?[AP]M)? — sent/)).toBeVisible()

  const location = await cliJson<{ lat: number; lon: number; accuracyMeters: number }>(gateway, ['nodes', 'location', 'get', '--node', nodeId, '--accuracy', 'precise'])
  expect(location).toMatchObject({ lat: POSITION.latitude, lon: POSITION.longitude, accuracyMeters: POSITION.accuracy })
  await expect(agentLog(page).getByText(/The agent asked for your location at \d{1,2}:\d\d(?:\s?[AP]M)? — sent/)).toBeVisible()

  expect(await gateway.cli(['nodes', 'notify', '--node', nodeId, '--title', 'Build finished', '--body', 'All green'])).toContain('notify ok')
  expect(await page.evaluate(() => (window as unknown as { __shownNotifications: unknown[] }).__shownNotifications)).toEqual([{ title: 'Build finished', body: 'All green' }])
  await expect(agentLog(page).getByText(/The agent sent you a notification at \d{1,2}:\d\d(?:\s?[AP]M)? — sent/)).toBeVisible()

  const cameras = await cliJson<Array<{ id: string }>>(gateway, ['nodes', 'camera', 'list', '--node', nodeId])
  expect(cameras.length).toBeGreaterThan(0)
  const snap = await cliJson<{ files: Array<{ path: string; width: number; height: number }> }>(gateway, ['nodes', 'camera', 'snap', '--node', nodeId, '--max-width', '320'])
  const photo = snap.files[0]!
  const bytes = await readFile(photo.path)
  expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff])
  expect(bytes.at(-2)).toBe(0xff)
  expect(bytes.at(-1)).toBe(0xd9)
  expect(photo.width).toBe(320)
  expect(photo.height).toBeGreaterThan(0)
  await expect(agentLog(page).getByText(/The agent took a photo with your camera at \d{1,2}:\d\d(?:\s?[AP]M)? — sent/)).toBeVisible()
  await expectNoAxeViolations(page)
})

test('chat and node on one gateway at once: the node role is added by a new code, and chat works while the node answers', async ({ gateway }) => {
  const { context, page } = await newDevice()
  try {
    await page.goto('/')
    await pasteAndConfirm(page, (await gateway.setupCode()).setupCode)
    await approveFromScreen(page, gateway)
    await expect(connectionStatus(page)).toContainText('Connected')

    await page.getByRole('button', { name: /^Add Node role/ }).click()
    await pasteAndConfirm(page, (await gateway.setupCode()).setupCode, 'Node')
    // The chat connection stays up while the node waits for its own approval.
    await expect(connectionStatus(page)).toContainText('Connected')
    await expect(page.getByRole('tab', { name: 'Node' })).toHaveAttribute('aria-selected', 'true')
    const approve = await page.getByRole('tabpanel').locator('.command code', { hasText: 'openclaw devices approve' }).textContent()
    await gateway.cli(approve!.split(' ').slice(1))

    // The chat link reads the node's pending surface, so the app fills in the exact request id.
    const approveSurface = setupGuide(page).locator('code', { hasText: /^openclaw nodes approve \S+$/ })
    await expect(approveSurface).toBeVisible()
    await gateway.cli((await approveSurface.textContent())!.split(' ').slice(1))
    const nodeId = await nodeIdOnScreen(page)
    await expectConnectedWithAllCommands(gateway, nodeId)
    await expect(setupGuide(page)).toContainText('The gateway lets the agent use everything switched on below.')
    await expectNoAxeViolations(page)

    // Both at once: a chat message and the agent asking the same browser for its status.
    await page.getByRole('tab', { name: 'Chat' }).click()
    const composer = page.getByRole('textbox', { name: 'Message' })
    await composer.fill('hello from both roles')
    await composer.press('Enter')
    const status = json<{ ok: boolean; payload: { network?: { status?: string }; visibility?: string } }>(await gateway.cli(['nodes', 'invoke', '--node', nodeId, '--command', 'device.status']))
    expect(status).toMatchObject({ ok: true, payload: { network: { status: 'satisfied' }, visibility: 'visible' } })
    await expect(page.getByRole('log', { name: 'Messages' }).locator('.message-reply').last()).toHaveText('Echo: hello from both roles')

    // One identity, one record with both roles, and a token per role that never mixes.
    const dump = await dumpIndexedDb(page)
    const records = (dump['openclaw-companion-gateways']?.gateways ?? []).map(([, value]) => value as { id: string; role: string; roles?: string[] })
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({ role: 'operator', roles: ['operator', 'node'] })
    expect(dump['openclaw-companion-identities']?.identities).toHaveLength(1)
    const secrets = dump['openclaw-companion-secrets']?.secrets?.[0]?.[1] as { deviceTokens: Record<string, { token: string }>; bootstrap?: unknown }
    expect(Object.keys(secrets.deviceTokens).sort()).toEqual(['node', 'operator'])
    expect(secrets.deviceTokens.node!.token).not.toBe(secrets.deviceTokens.operator!.token)
    expect(secrets.bootstrap).toBeUndefined()
    const paired = (await gateway.pairingList()).paired.find((device) => device.deviceId === nodeId)
    expect([...(paired?.roles ?? [])].sort()).toEqual(['node', 'operator'])
  } finally {
    await context.close()
  }
})

test('a location permission the browser refuses reaches the CLI as LOCATION_PERMISSION_REQUIRED; a switched-off location as LOCATION_DISABLED', async ({ gateway }) => {
  if (!node) throw new Error('the first test did not pair the node')
  const { context, page, nodeId } = node

  await context.clearPermissions()
  await context.grantPermissions(['notifications'])
  const refused = gateway.cli(['nodes', 'location', 'get', '--node', nodeId, '--location-timeout', '3000'])
  await expect(refused).rejects.toThrow(/LOCATION_PERMISSION_REQUIRED/)
  await expect(agentLog(page).getByText(/The agent asked for your location at \d{1,2}:\d\d(?:\s?[AP]M)? — not sent: .* \(LOCATION_PERMISSION_REQUIRED\)/)).toBeVisible()

  await context.grantPermissions(['geolocation', 'notifications'])
  await page.getByRole('switch', { name: 'Location' }).uncheck()
  await expect(gateway.cli(['nodes', 'location', 'get', '--node', nodeId])).rejects.toThrow(/LOCATION_DISABLED/)
  await expect(agentLog(page).getByText(/The agent asked for your location at \d{1,2}:\d\d(?:\s?[AP]M)? — not sent: switched off on this device/)).toBeVisible()

  // The switch is kept with the gateway, across a reload.
  await page.reload()
  await expect(connectionStatus(page)).toContainText('Connected')
  await expect(page.getByRole('switch', { name: 'Location' })).not.toBeChecked()
  await expect(page.getByRole('switch', { name: 'Device facts' })).toBeChecked()
  await context.close()
})
