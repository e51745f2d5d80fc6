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
import { launchWithFakeCamera } from '../harness/browser'
import { approveFromScreen, connectionStatus, dumpIndexedDb, expect, pasteAndConfirm, test } from './fixtures'
import { writeQrVideo } from '../harness/qrMedia'
import type { NodeRow, NodeSurfaceRequest, TestGateway } from '../harness/testGateway'
import { APP_ORIGIN } from './playwright.config'

test.describe.configure({ mode: 'serial' })

const POSITION = { latitude: 48.20849, longitude: 16.37208, accuracy: 12 }
const ALL_COMMANDS = ['camera.list', 'camera.snap', 'device.info', 'device.status', 'location.get', 'system.notify']

let browser: Browser
let videoDir: string | undefined
/** The node-only browser of the first tests; the later ones go on with it. */
let node: { context: BrowserContext; page: Page; nodeId: string } | undefined

test.beforeAll(async ({ gateway }) => {
  // The fake camera shows the real QR of `openclaw qr` for the first pairing; `camera.snap` later photographs the same feed.
  videoDir = await mkdtemp(path.join(os.tmpdir(), 'node-qr-'))
  const video = path.join(videoDir, 'qr.y4m')
  await writeQrVideo((await gateway.setupCodeFromCli()).setupCode, video)
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
    // What the page does with the camera and the location, counted at the browser's own APIs: each
    // time the camera is turned on, each still encoded, each position read, and the camera tracks still live.
    const counts = { getUserMedia: 0, toBlob: 0, getCurrentPosition: 0 }
    const streams: MediaStream[] = []
    Object.assign(window, { __sensors: { counts, liveTracks: () => streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length } })
    const media = navigator.mediaDevices
    const getUserMedia = media.getUserMedia.bind(media)
    media.getUserMedia = async (constraints) => {
      counts.getUserMedia++
      const stream = await getUserMedia(constraints)
      streams.push(stream)
      return stream
    }
    const toBlob = HTMLCanvasElement.prototype.toBlob
    HTMLCanvasElement.prototype.toBlob = function (...args: Parameters<HTMLCanvasElement['toBlob']>) {
      counts.toBlob++
      return toBlob.apply(this, args)
    }
    const getCurrentPosition = navigator.geolocation.getCurrentPosition.bind(navigator.geolocation)
    navigator.geolocation.getCurrentPosition = (...args: Parameters<Geolocation['getCurrentPosition']>) => {
      counts.getCurrentPosition++
      getCurrentPosition(...args)
    }
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

/** The node's row in `openclaw nodes status --json`, by the real CLI. */
async function nodeStatus(gateway: TestGateway, nodeId: string): Promise<NodeRow | undefined> {
  return (await cliJson<{ nodes: NodeRow[] }>(gateway, ['nodes', 'status'])).nodes.find((row) => row.nodeId === nodeId)
}

/**
 * The same row from `node.list` on the harness's admin connection, the call behind `nodes status`:
 * for polling, where each CLI call would take seconds and a poll makes several.
 */
async function nodeRow(gateway: TestGateway, nodeId: string): Promise<NodeRow | undefined> {
  return (await gateway.nodeList()).find((row) => row.nodeId === nodeId)
}

type SensorCounts = { getUserMedia: number; toBlob: number; getCurrentPosition: number }
/** The counts of the init script's wrappers, and how many camera tracks are still live. */
const sensors = (page: Page) =>
  page.evaluate(() => {
    const recorded = (window as unknown as { __sensors: { counts: SensorCounts; liveTracks: () => number } }).__sensors
    return { ...recorded.counts, liveTracks: recorded.liveTracks() }
  })
const cameraSheet = (page: Page) => page.getByRole('dialog', { name: 'Allow the agent to take a photo?' })
const locationSheet = (page: Page) => page.getByRole('dialog', { name: 'Share your location with the agent?' })

const setupGuide = (page: Page) => page.getByRole('region', { name: 'Let the agent use this device' })
const agentLog = (page: Page) => page.getByRole('log', { name: 'Agent requests' })

/** axe-core on the whole page; the failure lists each rule and where it hit. */
async function expectNoAxeViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze()
  expect(violations.map((v) => ({ rule: v.id, where: v.nodes.map((n) => n.target.join(' ')) }))).toEqual([])
}

/**
 * With E2E_SCREENSHOT_DIR set, the page at a phone's and a laptop's size, light and dark, for a
 * person to look at (the run is otherwise unchanged).
 */
async function screenshots(page: Page, name: string): Promise<void> {
  const dir = process.env.E2E_SCREENSHOT_DIR
  if (!dir) return
  const original = page.viewportSize()
  for (const [width, height] of [
    [360, 740],
    [1280, 800],
  ] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height })
      await page.emulateMedia({ colorScheme })
      await page.screenshot({ path: path.join(dir, `${name}-${width}x${height}-${colorScheme}.png`) })
    }
  }
  await page.emulateMedia({ colorScheme: null })
  if (original) await page.setViewportSize(original)
}

async function nodeIdOnScreen(page: Page): Promise<string> {
  const text = await setupGuide(page)
    .getByText(/openclaw nodes describe --node/)
    .textContent()
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

/** Polls `node.pair.list` (what `openclaw nodes pending --json` prints) for the node's request for a command. */
async function waitForPendingSurface(gateway: TestGateway, nodeId: string, command: string): Promise<NodeSurfaceRequest> {
  let found: NodeSurfaceRequest | undefined
  await expect
    .poll(
      async () => {
        found = (await gateway.nodeSurfaceRequests()).find((row) => row.nodeId === nodeId && row.commands?.includes(command))
        return found !== undefined
      },
      { timeout: 45_000 },
    )
    .toBe(true)
  return found!
}

async function expectConnectedWithAllCommands(gateway: TestGateway, nodeId: string): Promise<void> {
  await expect.poll(async () => (await nodeRow(gateway, nodeId))?.connected, { timeout: 60_000 }).toBe(true)
  await expect.poll(async () => [...((await nodeRow(gateway, nodeId))?.commands ?? [])].sort(), { timeout: 60_000 }).toEqual(ALL_COMMANDS)
}

test('pairs as a node by scanning the real QR; after the allow and approve steps the app shows, `nodes status` lists it with its commands', async ({
  gateway,
}) => {
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

  // Camera and location are off on a fresh device, so the steps shown do not ask to allow the camera.
  await expect(page.getByRole('switch', { name: 'Camera photos' })).not.toBeChecked()
  await expect(page.getByRole('switch', { name: 'Location' })).not.toBeChecked()
  // Step 1, exactly as shown: a browser is an "unknown" platform, so these need the allowlist.
  const allowed = await runAllowCommandFromScreen(page, gateway)
  expect(allowed).toEqual(['device.info', 'device.status'])
  // The operator also lets the agent ask for photos; the device still decides (the next test).
  await gateway.configSet('gateway.nodes.commands.allow', JSON.stringify([...allowed, 'camera.snap']))
  await setupGuide(page).getByRole('button', { name: 'Reconnect node' }).click()
  // Step 2: approve the command surface the reconnect declared.
  const pending = await waitForPendingSurface(gateway, nodeId, 'camera.snap')
  await gateway.cli(['nodes', 'approve', pending.requestId])
  await expectConnectedWithAllCommands(gateway, nodeId)
  // And `nodes status` itself lists it with them.
  expect([...((await nodeStatus(gateway, nodeId))?.commands ?? [])].sort()).toEqual(ALL_COMMANDS)
  await expect(setupGuide(page)).toContainText('The gateway approved this device’s commands at')
})

test('answers the agent: device.info and a notification marked as the agent’s, each in the log', async ({ gateway }) => {
  if (!node) throw new Error('the first test did not pair the node')
  const { page, nodeId } = node

  const info = json<{ ok: boolean; payload: Record<string, unknown> }>(await gateway.cli(['nodes', 'invoke', '--node', nodeId, '--command', 'device.info']))
  const facts = await page.evaluate(() => ({ userAgent: navigator.userAgent, language: navigator.language, width: screen.width, height: screen.height }))
  expect(info.ok).toBe(true)
  expect(info.payload).toMatchObject({
    userAgent: facts.userAgent,
    locale: facts.language,
    appVersion: '0.1.0',
    systemName: 'Linux',
    screen: { width: facts.width, height: facts.height },
  })
  await expect(agentLog(page).getByText(/The agent asked for this device’s facts at \d{1,2}:\d\d(?:\s?[AP]M)? — sent/)).toBeVisible()

  expect(await gateway.cli(['nodes', 'notify', '--node', nodeId, '--title', 'Build finished', '--body', 'All green'])).toContain('notify ok')
  const label = (await page.getByRole('heading', { name: /This device is a node of/ }).textContent())!.replace('This device is a node of ', '')
  expect(await page.evaluate(() => (window as unknown as { __shownNotifications: unknown[] }).__shownNotifications)).toEqual([
    { title: `Agent on ${label}: Build finished`, body: 'All green' },
  ])
  await expect(agentLog(page).getByText(/The agent sent you a notification at \d{1,2}:\d\d(?:\s?[AP]M)? — sent/)).toBeVisible()

  const cameras = await cliJson<Array<{ id: string }>>(gateway, ['nodes', 'camera', 'list', '--node', nodeId])
  expect(cameras.length).toBeGreaterThan(0)
})

test('camera: off on a fresh node (CAMERA_DISABLED, the camera never turned on); switched on, a photo only after "Allow once", none when denied or unanswered', async ({
  gateway,
}) => {
  if (!node) throw new Error('the first test did not pair the node')
  const { page, nodeId } = node
  const before = await sensors(page)

  await expect(gateway.cli(['nodes', 'camera', 'snap', '--node', nodeId])).rejects.toThrow(/CAMERA_DISABLED/)
  await expect(agentLog(page).getByText(/The agent asked for a photo from your camera at .* — not sent: switched off on this device/)).toBeVisible()
  expect(await sensors(page)).toEqual(before)

  const cameraSwitch = page.getByRole('switch', { name: 'Camera photos' })
  await cameraSwitch.check()

  // Denied with Escape: the sheet shows the live camera, takes focus, and gives it back.
  const denied = gateway.cli(['nodes', 'camera', 'snap', '--node', nodeId])
  await expect(cameraSheet(page)).toBeVisible()
  await expect(cameraSheet(page).getByRole('button', { name: 'Deny' })).toBeFocused()
  await expect(cameraSheet(page).getByLabel('Live camera preview')).toBeVisible()
  await expect(page.getByRole('status', { name: 'Camera and location in use' })).toContainText('Camera on for the agent on')
  await page.keyboard.press('Escape')
  await expect(denied).rejects.toThrow(/CAMERA_CONSENT_DENIED/)
  await expect(cameraSheet(page)).toBeHidden()
  await expect(cameraSwitch).toBeFocused()
  await expect(agentLog(page).getByText(/The agent asked for a photo from your camera at .* — you denied it at .* — not sent/)).toBeVisible()
  expect(await sensors(page)).toMatchObject({ toBlob: before.toBlob, liveTracks: 0 })
  await expect(page.getByRole('status', { name: 'Camera and location in use' })).toBeEmpty()

  // Unanswered: denied before the invocation times out, and nothing taken.
  const unanswered = gateway.cli(['nodes', 'camera', 'snap', '--node', nodeId, '--invoke-timeout', '6000'])
  await expect(cameraSheet(page)).toBeVisible()
  await expect(unanswered).rejects.toThrow(/CAMERA_CONSENT_DENIED/)
  await expect(cameraSheet(page)).toBeHidden()
  await expect(agentLog(page).getByText(/you did not answer, so it was denied/)).toBeVisible()
  expect(await sensors(page)).toMatchObject({ toBlob: before.toBlob, liveTracks: 0 })

  // Allowed once: one photo of what the preview showed.
  const allowed = cliJson<{ files: Array<{ path: string; width: number; height: number }> }>(gateway, [
    'nodes',
    'camera',
    'snap',
    '--node',
    nodeId,
    '--max-width',
    '320',
  ])
  await expect(cameraSheet(page)).toBeVisible()
  await screenshots(page, 'camera-sheet')
  await cameraSheet(page).getByRole('button', { name: 'Allow once' }).click()
  const photo = (await allowed).files[0]!
  const bytes = await readFile(photo.path)
  expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff])
  expect(bytes.at(-2)).toBe(0xff)
  expect(bytes.at(-1)).toBe(0xd9)
  expect(photo.width).toBe(320)
  expect(photo.height).toBeGreaterThan(0)
  await expect(agentLog(page).getByText(/The agent asked for a photo from your camera at .* — you allowed it once at .* — sent/)).toBeVisible()
  expect(await sensors(page)).toMatchObject({ toBlob: before.toBlob + 1, liveTracks: 0 })
  await expectNoAxeViolations(page)
})

test('location: off on a fresh node (LOCATION_DISABLED, never read); switched on, denied reads nothing, "Allow for 1 hour" covers the next request', async ({
  gateway,
}) => {
  if (!node) throw new Error('the first test did not pair the node')
  const { page, nodeId } = node
  const before = await sensors(page)

  await expect(gateway.cli(['nodes', 'location', 'get', '--node', nodeId, '--accuracy', 'precise'])).rejects.toThrow(/LOCATION_DISABLED/)
  expect((await sensors(page)).getCurrentPosition).toBe(before.getCurrentPosition)

  await page.getByRole('switch', { name: 'Location' }).check()
  const denied = gateway.cli(['nodes', 'location', 'get', '--node', nodeId, '--accuracy', 'precise'])
  await expect(locationSheet(page)).toContainText('precise position')
  await screenshots(page, 'location-sheet')
  await locationSheet(page).getByRole('button', { name: 'Deny' }).click()
  await expect(denied).rejects.toThrow(/LOCATION_CONSENT_DENIED/)
  expect((await sensors(page)).getCurrentPosition).toBe(before.getCurrentPosition)

  const allowed = cliJson<{ lat: number; lon: number; accuracyMeters: number }>(gateway, [
    'nodes',
    'location',
    'get',
    '--node',
    nodeId,
    '--accuracy',
    'precise',
  ])
  await locationSheet(page).getByRole('button', { name: 'Allow for 1 hour' }).click()
  expect(await allowed).toMatchObject({ lat: POSITION.latitude, lon: POSITION.longitude, accuracyMeters: POSITION.accuracy })
  await expect(agentLog(page).getByText(/The agent asked for your location at .* \(precise\) — you allowed it for 1 hour at .* — sent/)).toBeVisible()

  // Within the hour: answered without a sheet, and the log says why.
  expect(await cliJson<{ lat: number }>(gateway, ['nodes', 'location', 'get', '--node', nodeId])).toMatchObject({ lat: POSITION.latitude })
  await expect(agentLog(page).getByText(/allowed by your 1-hour permission/)).toBeVisible()
  expect((await sensors(page)).getCurrentPosition).toBe(before.getCurrentPosition + 2)
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
    const approveSurface = setupGuide(page).locator('code', { hasText: /^openclaw nodes approve [0-9a-f-]{8,}$/ })
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
    const status = json<{ ok: boolean; payload: { network?: { status?: string }; visibility?: string } }>(
      await gateway.cli(['nodes', 'invoke', '--node', nodeId, '--command', 'device.status']),
    )
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

test('a location permission the browser refuses reaches the CLI as LOCATION_PERMISSION_REQUIRED; a switched-off location as LOCATION_DISABLED', async ({
  gateway,
}) => {
  if (!node) throw new Error('the first test did not pair the node')
  const { context, page, nodeId } = node

  await context.clearPermissions()
  await context.grantPermissions(['notifications'])
  const refused = gateway.cli(['nodes', 'location', 'get', '--node', nodeId, '--location-timeout', '3000'])
  await expect(refused).rejects.toThrow(/LOCATION_PERMISSION_REQUIRED/)
  await expect(
    agentLog(page).getByText(/The agent asked for your location at \d{1,2}:\d\d(?:\s?[AP]M)? — not sent: .* \(LOCATION_PERMISSION_REQUIRED\)/),
  ).toBeVisible()

  await context.grantPermissions(['geolocation', 'notifications'])
  await page.getByRole('switch', { name: 'Location' }).uncheck()
  await expect(gateway.cli(['nodes', 'location', 'get', '--node', nodeId])).rejects.toThrow(/LOCATION_DISABLED/)
  // The newest entry (a fresh node's LOCATION_DISABLED of an earlier test reads the same).
  await expect(agentLog(page).getByRole('listitem').first()).toHaveText(
    /The agent asked for your location at \d{1,2}:\d\d(?:\s?[AP]M)? — not sent: switched off on this device/,
  )

  // The switches are kept with the gateway, across a reload: location off again, the camera opt-in still on.
  await page.reload()
  await expect(connectionStatus(page)).toContainText('Connected')
  await expect(page.getByRole('switch', { name: 'Location' })).not.toBeChecked()
  await expect(page.getByRole('switch', { name: 'Device facts' })).toBeChecked()
  await expect(page.getByRole('switch', { name: 'Camera photos' })).toBeChecked()
  await context.close()
})
