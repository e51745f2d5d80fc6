/**
 * The app against every gateway release users run (harness/compatReleases.ts), each with a real
 * gateway of that release: pair by camera (the fake camera plays the QR `openclaw qr` printed),
 * chat, reload, gateway restart, chat again. A protocol-3-only release must get the "too old"
 * screen with the release that works and the update command.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { launchWithFakeCamera } from '../../harness/browser'
import { PROTOCOL_3_RELEASE, WORKING_RELEASES } from '../../harness/compatReleases'
import { startFakeModel, type FakeModel } from '../../harness/fakeModel'
import { writeQrVideo } from '../../harness/qrMedia'
import { TestGateway } from '../../harness/testGateway'
import { MIN_GATEWAY_RELEASE } from '../../src/gateway/gatewayReleases'
import { approveFromScreen, composer, connectionStatus, expect, messageLog, test } from '../fixtures'
import { APP_ORIGIN } from '../playwright.config'

let model: FakeModel
test.beforeAll(async () => {
  model = await startFakeModel()
})
test.afterAll(async () => {
  await model?.close()
})

/** Marks a step done, for the README table the compat reporter prints. */
const passed = (step: string) => test.info().annotations.push({ type: 'step', description: step })

/** A browser whose camera shows the QR of a fresh `openclaw qr` of this gateway, on the app's first screen. */
async function scanFreshCode(gateway: TestGateway, dir: string) {
  const video = path.join(dir, 'qr.y4m')
  // The real CLI of that release: its `qr --json` is what a user runs, and older releases may lack the RPC behind it.
  await writeQrVideo((await gateway.setupCodeFromCli()).setupCode, video)
  const browser = await launchWithFakeCamera(video)
  const context = await browser.newContext({ baseURL: APP_ORIGIN, permissions: ['camera'] })
  const page = await context.newPage()
  await page.goto('/')
  await page.getByRole('button', { name: 'Scan QR code' }).click()
  await expect(page.getByRole('heading', { name: 'Connect to this gateway?' })).toBeVisible()
  await expect(page.getByText(gateway.url)).toBeVisible()
  await page.getByRole('button', { name: 'Connect' }).click()
  return { browser, page }
}

/** Older releases put a time stamp before the text the model sees ("[Mon 2026-12-07 19:36 UTC] hello"), so the echo may carry it. */
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const echoOf = (text: string) => new RegExp(`^Echo: (\\[[^\\]]*\\] )?${escaped(text)}$`)

/** Sends `text` and waits for its reply; each shows exactly once (a copy from history must not stand beside the live one). */
async function chat(page: Page, text: string): Promise<void> {
  await composer(page).fill(text)
  await composer(page).press('Enter')
  await expect(messageLog(page).getByText(echoOf(text))).toHaveCount(1)
  await expectOnce(page, text)
}

async function expectOnce(page: Page, text: string): Promise<void> {
  // Give a history reload that would duplicate them the time to land.
  await page.waitForTimeout(1_500)
  await expect(messageLog(page).getByText(text, { exact: true })).toHaveCount(1)
  await expect(messageLog(page).getByText(echoOf(text))).toHaveCount(1)
}

async function withGateway(version: string, run: (gateway: TestGateway, dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `compat-${version}-`))
  const gateway = await TestGateway.start({ modelBaseUrl: model.baseUrl, allowedOrigins: [APP_ORIGIN], version })
  try {
    await run(gateway, dir)
  } finally {
    await gateway.dispose()
    await rm(dir, { recursive: true, force: true })
  }
}

for (const version of WORKING_RELEASES) {
  test(`openclaw ${version}: pair by camera, chat, reload, gateway restart, chat again`, async () => {
    await withGateway(version, async (gateway, dir) => {
      // NOTE: no harness warm-up run: before 2026.9 a shared-token client without a device identity (the
      // harness's admin connection) keeps no scopes, so it cannot chat.send; the first reply is given 60 s.
      const { browser, page } = await scanFreshCode(gateway, dir)
      try {
        await approveFromScreen(page, gateway, 'cli')
        await expect(connectionStatus(page)).toContainText('Connected')
        passed('pair by camera')

        await chat(page, `hello ${version}`)
        passed('chat')

        await page.reload()
        await expect(connectionStatus(page)).toContainText('Connected')
        await expectOnce(page, `hello ${version}`)
        passed('reload')

        await gateway.restart()
        await expect(connectionStatus(page)).toContainText('Connected')
        passed('gateway restart')

        await chat(page, `again ${version}`)
        passed('chat again')
      } finally {
        await browser.close()
      }
    })
  })
}

test(`openclaw ${PROTOCOL_3_RELEASE} (protocol 3 only): says the gateway is too old, which release works and how to update`, async () => {
  await withGateway(PROTOCOL_3_RELEASE, async (gateway, dir) => {
    const { browser, page } = await scanFreshCode(gateway, dir)
    try {
      await expect(page.getByRole('heading', { name: 'This gateway is too old for this app' })).toBeVisible()
      await expect(page.getByText(`speaks only gateway protocol 3`)).toBeVisible()
      await expect(page.getByText(`Update the gateway to release ${MIN_GATEWAY_RELEASE} or later`)).toBeVisible()
      await expect(page.locator('code', { hasText: 'openclaw update' })).toBeVisible()
      await expect(page.getByRole('button', { name: /retry/i })).toBeVisible()
    } finally {
      await browser.close()
    }
  })
})
