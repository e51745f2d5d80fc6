/**
 * Onboarding against the real gateway: every way in reaches a paired operator, and the device
 * reconnects with its device token afterwards, never with the bootstrap token again.
 */
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { encodeSetupCode, parseSetupCode } from '../src/pairing'
import { launchWithFakeCamera } from '../harness/browser'
import { approveFromScreen, connectionStatus, dumpIndexedDb, expect, pasteAndConfirm, test, watchHellos } from './fixtures'
import { writeQrPng, writeQrVideo } from '../harness/qrMedia'
import { freePort } from '../harness/gatewayConfig'
import { APP_ORIGIN } from './playwright.config'

function secretsOf(dump: Awaited<ReturnType<typeof dumpIndexedDb>>) {
  return (dump['openclaw-companion-secrets']?.secrets ?? []).map(([, value]) => value as { bootstrap?: unknown; deviceTokens: Record<string, unknown> })
}

test('camera scan of the real QR → approval by CLI → chat as operator; reload reconnects with the device token', async ({ gateway }) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'qr-video-'))
  const video = path.join(dir, 'qr.y4m')
  const { setupCode } = await gateway.setupCodeFromCli()
  await writeQrVideo(setupCode, video)
  const browser = await launchWithFakeCamera(video)
  try {
    const context = await browser.newContext({ baseURL: APP_ORIGIN, permissions: ['camera'] })
    const page = await context.newPage()
    await page.goto('/')
    await page.getByRole('button', { name: 'Scan QR code' }).click()
    await expect(page.getByRole('heading', { name: 'Connect to this gateway?' })).toBeVisible()
    await expect(page.getByText(gateway.url)).toBeVisible()
    await expect(page.getByRole('radio', { name: 'Chat (operator)' })).toBeChecked()
    await page.getByRole('textbox', { name: 'Device name' }).fill('Scan test phone')
    await page.getByRole('button', { name: 'Connect' }).click()

    const requestId = await approveFromScreen(page, gateway, 'cli')
    expect(requestId).toMatch(/\S{6,}/)
    await expect(connectionStatus(page)).toContainText('Connected')
    await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible()

    // `openclaw devices list --json` prints what device.pair.list answers.
    const devices = await gateway.pairingList()
    const device = devices.paired?.find((entry) => entry.displayName === 'Scan test phone')
    expect(device).toBeDefined()
    expect(device?.roles ?? [device?.role]).toEqual(['operator'])

    const hellos = watchHellos(page)
    await page.reload()
    await expect(connectionStatus(page)).toContainText('Connected')
    expect(hellos).toEqual(['device-token'])
    const secrets = secretsOf(await dumpIndexedDb(page))
    expect(secrets).toHaveLength(1)
    expect(secrets[0]?.bootstrap).toBeUndefined()
    expect(Object.keys(secrets[0]?.deviceTokens ?? {})).toEqual(['operator'])
  } finally {
    await browser.close()
  }
})

test('paste path reaches chat as operator', async ({ page, gateway }) => {
  const { setupCode } = await gateway.setupCode()
  await page.goto('/')
  await pasteAndConfirm(page, `  oc-pair://${setupCode}\n`)
  await approveFromScreen(page, gateway)
  await expect(connectionStatus(page)).toContainText('Connected')
})

test('upload path decodes a QR image and reaches chat', async ({ page, gateway }) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'qr-png-'))
  const png = path.join(dir, 'qr.png')
  await writeQrPng((await gateway.setupCode()).setupCode, png)
  await page.goto('/')
  await page.getByTestId('qr-image-input').setInputFiles(png)
  await expect(page.getByRole('heading', { name: 'Connect to this gateway?' })).toBeVisible()
  await page.getByRole('button', { name: 'Connect' }).click()
  await approveFromScreen(page, gateway)
  await expect(connectionStatus(page)).toContainText('Connected')
})

test('manual URL and token path reaches chat', async ({ page, gateway }) => {
  await page.goto('/')
  await page.getByRole('button', { name: 'Enter manually' }).click()
  await page.getByRole('textbox', { name: 'Gateway URL' }).fill(gateway.url)
  await page.getByRole('textbox', { name: 'Token' }).fill(gateway.token)
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByRole('button', { name: 'Connect' }).click()
  await approveFromScreen(page, gateway)
  await expect(connectionStatus(page)).toContainText('Connected')
})

test('a code listing several addresses: the dead one is skipped and the app says which one worked', async ({ page, gateway }) => {
  const { setupCode } = await gateway.setupCode()
  const parsed = parseSetupCode(setupCode)
  if (!parsed.ok) throw parsed.error
  const deadPort = await freePort()
  const code = encodeSetupCode({
    url: `ws://127.0.0.1:${deadPort}`,
    urls: [gateway.url],
    bootstrapToken: parsed.payload.bootstrapToken,
    expiresAtMs: parsed.payload.expiresAtMs,
  })
  await page.goto('/')
  await pasteAndConfirm(page, code)
  await expect(page.getByText(`Connected via ${gateway.url}.`)).toBeVisible()
  await expect(connectionStatus(page)).toContainText('Waiting for approval')
})
