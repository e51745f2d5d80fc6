/**
 * The installable, offline-first app: a valid manifest with real icons, a service worker that
 * controls the page and precaches the whole app (the QR scanner too), an app that opens offline
 * with its gateways, history and queue, the install offer, and an update that waits for the user.
 */
import { execFile } from 'node:child_process'
import { readFile, mkdtemp, rm } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { Page } from '@playwright/test'
import { encodeSetupCode } from '../src/pairing'
import { launchWithFakeCamera } from '../harness/browser'
import { approveFromScreen, connectionStatus, expect, pasteAndConfirm, test } from './fixtures'
import { writeQrVideo } from '../harness/qrMedia'
import { APP_ORIGIN } from './playwright.config'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const OFFLINE_TEXT = 'Offline — messages will be sent when you’re back online'

const messages = (page: Page) => page.getByRole('log', { name: 'Messages' })
const composer = (page: Page) => page.getByRole('textbox', { name: 'Message' })
const offlineBanner = (page: Page) => page.getByRole('status', { name: 'Network status' })

async function send(page: Page, text: string): Promise<void> {
  await composer(page).fill(text)
  await composer(page).press('Enter')
}

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR')
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

async function waitForController(page: Page): Promise<string | undefined> {
  return page.evaluate(async () => {
    await navigator.serviceWorker.ready
    if (!navigator.serviceWorker.controller)
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }))
    return navigator.serviceWorker.controller?.scriptURL
  })
}

type Manifest = {
  id: string
  name: string
  short_name: string
  description: string
  start_url: string
  scope: string
  display: string
  theme_color: string
  background_color: string
  icons: Array<{ src: string; sizes: string; type: string; purpose?: string }>
}

test('the manifest is complete, its icons decode at their declared sizes, and the service worker controls the page', async ({ page }) => {
  await page.goto('/')
  const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href')
  expect(manifestHref).toBeTruthy()
  const manifestUrl = new URL(manifestHref!, APP_ORIGIN)
  const manifestResponse = await page.request.get(manifestUrl.href)
  expect(manifestResponse.status()).toBe(200)
  const manifest = (await manifestResponse.json()) as Manifest
  expect(manifest).toMatchObject({ id: '/', name: 'OpenClaw Companion', start_url: '/', scope: '/', display: 'standalone' })
  expect(manifest.short_name.length).toBeGreaterThan(0)
  expect(manifest.short_name.length).toBeLessThanOrEqual(12)
  expect(manifest.description).toMatch(/OpenClaw gateway/)
  // The manifest carries the light theme; index.html switches the theme colour per scheme.
  const lightTheme = await page.locator('meta[name="theme-color"][media="(prefers-color-scheme: light)"]').getAttribute('content')
  const darkTheme = await page.locator('meta[name="theme-color"][media="(prefers-color-scheme: dark)"]').getAttribute('content')
  expect(manifest.theme_color).toBe(lightTheme)
  expect(darkTheme).toMatch(/^#[0-9a-f]{6}$/i)
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i)

  const icons = manifest.icons.map((icon) => ({ ...icon, purpose: icon.purpose ?? 'any' }))
  expect(
    icons
      .filter((icon) => icon.purpose.split(' ').includes('any'))
      .map((icon) => icon.sizes)
      .sort(),
  ).toEqual(['192x192', '512x512'])
  expect(icons.some((icon) => icon.purpose.split(' ').includes('maskable'))).toBe(true)
  const appleHref = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href')
  for (const icon of [...icons, { src: appleHref!, sizes: '180x180', type: 'image/png' }]) {
    const response = await page.request.get(new URL(icon.src, manifestUrl).href)
    expect(response.status(), icon.src).toBe(200)
    expect(response.headers()['content-type']).toContain(icon.type)
    const { width, height } = pngSize(await response.body())
    expect(`${width}x${height}`, icon.src).toBe(icon.sizes)
  }

  expect(await waitForController(page)).toBe(`${APP_ORIGIN}/sw.js`)
  const reloaded = await page.reload()
  expect(reloaded?.fromServiceWorker()).toBe(true)
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${APP_ORIGIN}/sw.js`)

  // Precached: the shell, every chunk (the scanner's too), nothing from any other origin.
  const cached = await page.evaluate(async () => {
    const urls: string[] = []
    for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(request.url)
    return urls
  })
  expect(cached.every((url) => url.startsWith(`${APP_ORIGIN}/`))).toBe(true)
  expect(cached.some((url) => /\/assets\/scanner-[\w-]+\.js/.test(url))).toBe(true)
  expect(cached.some((url) => url.startsWith(`${APP_ORIGIN}/index.html`))).toBe(true)
  const scripts = await page.evaluate(() =>
    Array.from(document.querySelectorAll('script[src], link[rel="stylesheet"]'), (el) => (el as HTMLScriptElement).src || (el as HTMLLinkElement).href),
  )
  for (const url of scripts)
    expect(
      cached.some((entry) => entry.startsWith(url)),
      url,
    ).toBe(true)

  // Deep links get the app shell from the worker; paths that name a file go to the network.
  expect((await page.goto('/some/deep/link'))?.fromServiceWorker()).toBe(true)
  await expect(page.getByRole('heading', { name: 'OpenClaw Companion' })).toBeVisible()
  const file = await page.goto('/no-such-icon.png')
  expect(file?.fromServiceWorker()).toBe(false)
})

test('offline after one visit: the saved gateway, cached history, queued message and banner; back online it reconnects and sends', async ({
  page,
  context,
  gateway,
}) => {
  await page.goto('/')
  await pasteAndConfirm(page, (await gateway.setupCode()).setupCode)
  await approveFromScreen(page, gateway)
  await expect(connectionStatus(page)).toContainText('Connected')
  await send(page, 'hello before the tunnel')
  await expect(messages(page).locator('.message-reply').last()).toHaveText('Echo: hello before the tunnel', { timeout: 60_000 })
  await expect(offlineBanner(page)).toBeEmpty()
  expect(await waitForController(page)).toBe(`${APP_ORIGIN}/sw.js`)

  await context.setOffline(true)
  // Said once: by the connection status, while the network banner (for screens without a gateway) stays empty.
  await expect(connectionStatus(page)).toContainText(OFFLINE_TEXT)
  await expect(offlineBanner(page)).toBeEmpty()
  await send(page, 'typed in the tunnel')
  const queued = messages(page).locator('.message-user', { hasText: 'typed in the tunnel' })
  await expect(queued).toHaveAttribute('data-state', 'queued')

  const reloaded = await page.reload()
  expect(reloaded?.fromServiceWorker()).toBe(true)
  // Chromium 150 under Playwright 1.65 keeps the reloaded page's network offline but reports
  // navigator.onLine as true (the CDP emulation is not re-applied to the new document). An offline
  // phone reports false, so the page's own emulation is set again, the way the browser would.
  const pageNetwork = await context.newCDPSession(page)
  const emulateOffline = (offline: boolean) =>
    pageNetwork.send('Network.emulateNetworkConditions', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
  await emulateOffline(true)
  await expect(connectionStatus(page)).toContainText(OFFLINE_TEXT)
  await expect(offlineBanner(page)).toBeEmpty()
  await expect(page.getByRole('heading', { name: 'Gateways' })).toBeVisible()
  await expect(page.getByRole('button', { name: `Open 127.0.0.1:${gateway.port}` })).toBeVisible()
  await expect(messages(page).locator('.message-user', { hasText: 'hello before the tunnel' })).toBeVisible()
  await expect(messages(page).locator('.message-reply', { hasText: 'Echo: hello before the tunnel' })).toBeVisible()
  await expect(queued).toHaveAttribute('data-state', 'queued')
  await expect(connectionStatus(page)).not.toContainText('Connected')

  await emulateOffline(false)
  await context.setOffline(false)
  await expect(offlineBanner(page)).toBeEmpty()
  await expect(connectionStatus(page)).toContainText('Connected', { timeout: 5_000 })
  await expect(messages(page).locator('.message-reply', { hasText: 'Echo: typed in the tunnel' })).toBeVisible({ timeout: 60_000 })
})

test('the QR scanner works offline: its chunk and its WebAssembly decoder come from the precache', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pwa-qr-'))
  const video = path.join(dir, 'qr.y4m')
  const url = 'wss://gateway.example.ts.net'
  await writeQrVideo(encodeSetupCode({ url, bootstrapToken: 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde', expiresAtMs: Date.now() + 600_000 }), video)
  const browser = await launchWithFakeCamera(video)
  try {
    const context = await browser.newContext({ baseURL: APP_ORIGIN, permissions: ['camera'] })
    const page = await context.newPage()
    const fetchedScanner: string[] = []
    page.on('request', (request) => void (/\/assets\/(scanner-.*\.js|zxing_reader-.*\.wasm)$/.test(request.url()) && fetchedScanner.push(request.url())))
    await page.goto('/')
    expect(await waitForController(page)).toBe(`${APP_ORIGIN}/sw.js`)
    // The page itself never asked for the scanner while online: only the service worker has it.
    expect(fetchedScanner).toEqual([])

    await context.setOffline(true)
    await page.reload()
    await page.getByRole('button', { name: 'Scan QR code' }).click()
    await expect(page.getByRole('heading', { name: 'Connect to this gateway?' })).toBeVisible()
    await expect(page.getByText(url, { exact: true })).toBeVisible()
    expect(fetchedScanner.map((url) => url.replace(/.*\/assets\/([a-z_]+)-.*\.(\w+)$/, '$1.$2')).sort()).toEqual(['scanner.js', 'zxing_reader.wasm'])
  } finally {
    await browser.close()
    await rm(dir, { recursive: true, force: true })
  }
})

const INSTALL_PROMPT = () => {
  const event = new Event('beforeinstallprompt', { cancelable: true })
  const calls: string[] = []
  Object.assign(window, { installCalls: calls })
  Object.assign(event, { prompt: async () => void calls.push('prompt'), userChoice: Promise.resolve({ outcome: 'accepted', platform: 'web' }) })
  window.dispatchEvent(event)
  calls.push(event.defaultPrevented ? 'mini-infobar suppressed' : 'mini-infobar shown')
}

test('"Install app" appears when the browser offers it, opens its dialog, and goes away once installed', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Pair with your OpenClaw gateway' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Install app' })).toHaveCount(0)
  await page.evaluate(INSTALL_PROMPT)
  await page.getByRole('button', { name: 'Install app' }).click()
  await expect(page.getByRole('button', { name: 'Install app' })).toHaveCount(0)
  expect(await page.evaluate(() => (window as unknown as { installCalls: string[] }).installCalls)).toEqual(['mini-infobar suppressed', 'prompt'])
})

test('no install offer when already running as an installed app', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: APP_ORIGIN })
  await context.addInitScript(() => {
    const real = window.matchMedia.bind(window)
    window.matchMedia = (query: string) =>
      (query === '(display-mode: standalone)' ? { ...real(query), matches: true, media: query, addEventListener: () => {} } : real(query)) as MediaQueryList
  })
  const page = await context.newPage()
  await page.goto('/')
  await page.evaluate(INSTALL_PROMPT)
  await expect(page.getByRole('heading', { name: 'Pair with your OpenClaw gateway' })).toBeVisible()
  await expect(page.getByText('Install app')).toHaveCount(0)
  await context.close()
})

const IPHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1'

test('iOS Safari gets the two Add to Home Screen steps instead, and nothing once on the home screen', async ({ browser }) => {
  const safari = await browser.newContext({ baseURL: APP_ORIGIN, userAgent: IPHONE_UA, viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true })
  const page = await safari.newPage()
  await page.goto('/')
  await page.getByText('Install app').click()
  const steps = page.getByRole('listitem').filter({ hasText: /Share|Add to Home Screen/ })
  await expect(steps).toHaveCount(2)
  await expect(steps.first()).toContainText('Share')
  await expect(steps.last()).toContainText('Add to Home Screen')
  await safari.close()

  const homeScreen = await browser.newContext({
    baseURL: APP_ORIGIN,
    userAgent: IPHONE_UA,
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
  })
  await homeScreen.addInitScript(() => Object.defineProperty(Navigator.prototype, 'standalone', { get: () => true }))
  const installed = await homeScreen.newPage()
  await installed.goto('/')
  await expect(installed.getByRole('heading', { name: 'Pair with your OpenClaw gateway' })).toBeVisible()
  await expect(installed.getByText('Install app')).toHaveCount(0)
  await homeScreen.close()
})

// ---- Updates: two builds of the app behind one origin, switched under the open page. ----

const run = promisify(execFile)
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
}

async function buildApp(outDir: string, buildId: string): Promise<void> {
  await run('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, env: { ...process.env, APP_BUILD_ID: buildId } })
}

/** A static server for a built app whose root can be switched, like a deploy. */
async function serveBuild(initialRoot: string): Promise<{ origin: string; setRoot(root: string): void; close(): Promise<void> }> {
  let root = initialRoot
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    const file = path.join(root, path.normalize(pathname).replace(/^(\.\.[/\\])+/, ''))
    const hasExtension = path.extname(pathname) !== ''
    readFile(hasExtension ? file : path.join(root, 'index.html')).then(
      (body) => {
        res.writeHead(200, {
          'content-type': TYPES[path.extname(hasExtension ? file : 'index.html')] ?? 'application/octet-stream',
          'cache-control': 'no-cache',
        })
        res.end(body)
      },
      () => {
        res.writeHead(404).end()
      },
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    setRoot: (next) => void (root = next),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

test('a new build shows "Update available", never reloads by itself, and Reload switches to it with the draft kept', async ({ browser, gateway }) => {
  test.setTimeout(300_000)
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pwa-update-'))
  const [first, second] = [path.join(dir, 'first'), path.join(dir, 'second')]
  await buildApp(first, 'first')
  await buildApp(second, 'second')
  const site = await serveBuild(first)
  // The worker's gateway lets this origin in as well (a hot reload of its config, about a second)
  // rather than a gateway of the test's own (a cold start of 15-20 s). An allowed origin whose
  // server is gone by the end of the test changes nothing for the specs after it.
  const origins = (await gateway.configValue('gateway.controlUi.allowedOrigins')) as string[]
  await gateway.configSet('gateway.controlUi.allowedOrigins', JSON.stringify([...origins, site.origin]))
  const context = await browser.newContext({ baseURL: site.origin })
  try {
    const page = await context.newPage()
    await page.goto('/')
    await expect(page.locator('html')).toHaveAttribute('data-app-build', /\+first$/)
    await pasteAndConfirm(page, (await gateway.setupCode()).setupCode)
    await approveFromScreen(page, gateway)
    await expect(connectionStatus(page)).toContainText('Connected')
    expect(await waitForController(page)).toBe(`${site.origin}/sw.js`)
    const firstScript = await page.locator('script[type="module"]').getAttribute('src')

    await composer(page).fill('a half-written thought')
    await page.evaluate(() => Object.assign(window, { untouchedPage: true }))
    site.setRoot(second)
    await page.evaluate(async () => void (await (await navigator.serviceWorker.getRegistration())?.update()))

    const toast = page.getByRole('status', { name: 'App update' })
    await expect(toast).toContainText('Update available')
    // Still the same page and build: the update waits for the user.
    await page.waitForTimeout(2_000)
    expect(await page.evaluate(() => (window as unknown as { untouchedPage?: boolean }).untouchedPage)).toBe(true)
    await expect(page.locator('html')).toHaveAttribute('data-app-build', /\+first$/)

    await Promise.all([page.waitForEvent('load'), toast.getByRole('button', { name: 'Reload' }).click()])
    await expect(page.locator('html')).toHaveAttribute('data-app-build', /\+second$/)
    expect(await page.locator('script[type="module"]').getAttribute('src')).not.toBe(firstScript)
    await expect(toast).toBeEmpty()
    await expect(connectionStatus(page)).toContainText('Connected')
    await expect(composer(page)).toHaveValue('a half-written thought')
  } finally {
    await context.close()
    await site.close()
    await rm(dir, { recursive: true, force: true })
  }
})
