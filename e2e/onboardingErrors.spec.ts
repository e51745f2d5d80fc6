/**
 * Bad input at the door: each kind gets its own specific message and nothing is stored. And a
 * gateway that does not allow this app's origin: the exact fix is shown, and Retry works once applied.
 */
import { chromium } from '@playwright/test'
import { encodeSetupCode } from '../src/pairing'
import { launchOptions } from '../harness/browser'
import { connectionStatus, dumpIndexedDb, expect, storedData, test } from './fixtures'
import { APP_PORT } from './playwright.config'

const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde'

const cases: Array<{ name: string; text: () => string; code: string; says: RegExp }> = [
  {
    name: 'expired code',
    text: () => encodeSetupCode({ url: 'ws://127.0.0.1:18789', bootstrapToken: TOKEN, expiresAtMs: Date.now() - 60_000 }),
    code: 'expired',
    says: /expired at .*openclaw qr/i,
  },
  { name: 'garbage QR text', text: () => 'hello there, not a code!', code: 'not_setup_code', says: /not a setup code|setup code/i },
  {
    name: 'http:// URL in the code',
    text: () => encodeSetupCode({ url: 'http://127.0.0.1:18789', bootstrapToken: TOKEN, expiresAtMs: Date.now() + 600_000 }),
    code: 'bad_scheme',
    says: /ws:\/\/ or wss:\/\//i,
  },
  { name: 'wrong JSON', text: () => Buffer.from(JSON.stringify({ hello: 'world' })).toString('base64url'), code: 'missing_url', says: /address|url/i },
]

test('each bad setup code gets its own message and nothing is stored', async ({ page }) => {
  await page.goto('/')
  await page.getByRole('button', { name: 'Paste setup code' }).click()
  const seen = new Set<string>()
  for (const { text, code, says } of cases) {
    await page.getByRole('textbox', { name: 'Setup code' }).fill(text())
    await page.getByRole('button', { name: 'Continue' }).click()
    const alert = page.getByRole('alert')
    await expect(alert).toHaveAttribute('data-error-code', code)
    await expect(alert).toContainText(says)
    seen.add((await alert.textContent()) ?? '')
    await expect(page.getByRole('button', { name: 'Connect' })).toHaveCount(0)
  }
  expect(seen.size).toBe(cases.length)
  expect(storedData(await dumpIndexedDb(page))).toEqual({})
})

test('camera permission denied: says so and offers the other ways', async () => {
  // A real (fake-device) camera exists; the permission is simply not granted, so Chromium denies it.
  const browser = await chromium.launch(launchOptions(['--use-fake-device-for-media-stream']))
  try {
    const context = await browser.newContext({ baseURL: `http://localhost:${APP_PORT}`, permissions: [] })
    await context.clearPermissions()
    const page = await context.newPage()
    await page.goto('/')
    await page.getByRole('button', { name: 'Scan QR code' }).click()
    const alert = page.getByRole('alert')
    await expect(alert).toHaveAttribute('data-error-code', 'camera_denied')
    await expect(alert).toContainText(/camera/i)
    await expect(page.getByRole('button', { name: 'Paste setup code' })).toBeVisible()
    await expect(page.getByRole('button', { name: 'Upload QR image' })).toBeVisible()
  } finally {
    await browser.close()
  }
})

test('origin not allowed: the fix command shows with this origin, and Retry connects once applied', async ({ gateway }) => {
  const origin = `http://app.test:${APP_PORT}`
  const browser = await chromium.launch(launchOptions([`--host-resolver-rules=MAP app.test 127.0.0.1`, `--unsafely-treat-insecure-origin-as-secure=${origin}`]))
  try {
    const page = await browser.newPage({ baseURL: origin })
    await page.goto('/')
    await page.getByRole('button', { name: 'Paste setup code' }).click()
    await page.getByRole('textbox', { name: 'Setup code' }).fill((await gateway.setupCode()).setupCode)
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('button', { name: 'Connect' }).click()

    await expect(connectionStatus(page)).toContainText('Needs attention')
    await expect(page.getByRole('heading', { name: /does not allow this app/ })).toBeVisible()
    const command = `openclaw config set gateway.controlUi.allowedOrigins '["${origin}"]' --strict-json`
    await expect(page.getByText(command, { exact: true })).toBeVisible()
    await expect(page.getByRole('button', { name: 'Copy command' })).toBeVisible()

    const current = (await gateway.configValue('gateway.controlUi.allowedOrigins')) as string[]
    // configSet returns once the gateway has applied it, so one press of Retry must do, as for a user.
    await gateway.configSet('gateway.controlUi.allowedOrigins', JSON.stringify([...current, origin]))
    await page.getByRole('button', { name: 'Retry' }).click()
    await expect(connectionStatus(page)).toContainText('Waiting for approval')
  } finally {
    await browser.close()
  }
})
