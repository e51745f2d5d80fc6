/**
 * The two apps under test, driven the way a user drives them: our app (paste the setup code, pick
 * the role, approval on the gateway) and the Control UI that the same gateway serves (token in the
 * URL fragment; loopback browsers are approved by the gateway itself).
 */
import { expect, type Page } from '@playwright/test'
import { connectAdmin } from '../../harness/adminClient'
import type { TestGateway } from '../../harness/testGateway'

export type SubjectId = 'app' | 'controlUi'

export type Subject = {
  id: SubjectId
  label: string
  /** The URL a new user opens. */
  firstUrl: string
  /** The first screen a new user sees is on screen. */
  waitFirstScreen(page: Page): Promise<void>
  /** From a fresh context to a paired, connected chat. */
  pair(page: Page): Promise<void>
  /**
   * Paired by the gateway itself (a loopback browser), not by an approval. NOTE: the gateway then
   * prunes such pairings of the same client that are over 60 s old and not connected whenever it
   * approves another one (pruneSupersededSilentPairedDevices, openclaw 2026.9.6), so a fresh
   * browser profile opening the app later (Lighthouse's) unpairs the bench's own browser.
   */
  pairsSilently: boolean
  /** The chat screen is on screen and the gateway connected. */
  waitChat(page: Page): Promise<void>
  send(page: Page, text: string): Promise<void>
  /** Opens a session from the app's own session list. */
  openSession(page: Page, title: string): Promise<void>
  /** The URL that shows the given session after a reload (null: the app reopens the last one itself). */
  sessionUrl(sessionKey: string): string | null
  /** Where the app asks the user about an exec approval (a CSS selector): the approval row watches only there. */
  approvalPromptSelector: string
}

const LONG = { timeout: 60_000 }

/**
 * A setup code from the admin RPC behind `openclaw qr` (`device.pair.setupCode`): the same code,
 * without the CLI's seconds of start-up. Falls back to the CLI.
 */
export async function setupCode(gateway: TestGateway): Promise<string> {
  try {
    const admin = await connectAdmin(gateway.url, gateway.token)
    try {
      const result = (await admin.call('device.pair.setupCode', { publicUrl: gateway.url, includeQr: false })) as { setupCode?: string }
      if (result.setupCode) return result.setupCode
    } finally {
      admin.close()
    }
  } catch {
    // the CLI below says what went wrong, if anything
  }
  return (await gateway.setupCodeFromCli()).setupCode
}

export function ourApp(appOrigin: string, gateway: TestGateway): Subject {
  const status = (page: Page) => page.getByRole('status', { name: 'Connection status' })
  const composer = (page: Page) => page.getByRole('textbox', { name: 'Message' })
  const waitChat = async (page: Page) => {
    await expect(status(page)).toContainText('Connected', LONG)
    await expect(composer(page)).toBeVisible(LONG)
  }
  return {
    id: 'app',
    label: 'This app',
    firstUrl: `${appOrigin}/`,
    waitFirstScreen: (page) => expect(page.getByRole('button', { name: 'Paste setup code' })).toBeVisible(LONG),
    async pair(page) {
      if (!page.url().startsWith(appOrigin)) await page.goto(`${appOrigin}/`)
      const code = await setupCode(gateway)
      await page.getByRole('button', { name: 'Paste setup code' }).click()
      await page.getByRole('textbox', { name: 'Setup code' }).fill(code)
      await page.getByRole('button', { name: 'Continue' }).click()
      await page.getByRole('radio', { name: 'Chat (operator)' }).check()
      await page.getByRole('button', { name: 'Connect' }).click()
      await expect(status(page)).toContainText('Waiting for approval', LONG)
      const command = await page.locator('.command code').first().textContent()
      const requestId = command?.match(/openclaw devices approve (\S+)/)?.[1]
      if (!requestId) throw new Error(`no approve command on screen: ${command}`)
      await gateway.approve(requestId)
      await waitChat(page)
    },
    waitChat,
    async send(page, text) {
      await composer(page).fill(text)
      await composer(page).press('Enter')
    },
    async openSession(page, title) {
      await page.getByRole('navigation', { name: 'Sessions' }).getByRole('button', { name: title }).click()
    },
    sessionUrl: () => null,
    approvalPromptSelector: '.approval-card',
    pairsSilently: false,
  }
}

/**
 * NOTE: the Control UI keeps the shared token only in the tab's sessionStorage; a new tab gets in
 * with the device token it stores once the gateway has approved this browser (on loopback the
 * gateway approves by itself, not always before the first tab is up). So pairing ends when a new
 * tab connects without the token; meanwhile any pending request of this browser is approved.
 */
async function waitControlUiPaired(page: Page, gateway: TestGateway, waitChat: (page: Page) => Promise<void>): Promise<void> {
  const deadline = Date.now() + 90_000
  let lastError: unknown
  while (Date.now() < deadline) {
    for (const request of (await gateway.pairingList()).pending) await gateway.approve(request.requestId).catch(() => {})
    const probe = await page.context().newPage()
    try {
      await probe.goto(`http://127.0.0.1:${gateway.port}/chat/main`)
      await Promise.race([
        waitChat(probe),
        probe
          .getByText('This Gateway expects its token')
          .waitFor({ timeout: 60_000 })
          .then(() => {
            throw new Error('a new tab was asked for the gateway token')
          }),
      ])
      return
    } catch (error) {
      lastError = error
    } finally {
      await probe.close()
    }
    await page.waitForTimeout(1_000)
  }
  throw new Error(`the Control UI never stored its device pairing: ${String(lastError)}`)
}

export function controlUi(gateway: TestGateway): Subject {
  const origin = `http://127.0.0.1:${gateway.port}`
  const composer = (page: Page) => page.getByRole('textbox', { name: 'Chat composer' })
  const waitChat = async (page: Page) => {
    await expect(composer(page)).toBeVisible(LONG)
    await expect(page.getByText('Connected', { exact: true }).first()).toBeAttached(LONG)
  }
  return {
    id: 'controlUi',
    label: 'Control UI',
    firstUrl: `${origin}/#token=${gateway.token}`,
    waitFirstScreen: (page) => expect(composer(page)).toBeVisible(LONG),
    async pair(page) {
      if (!page.url().startsWith(origin)) await page.goto(`${origin}/#token=${gateway.token}`)
      await waitChat(page)
      await waitControlUiPaired(page, gateway, waitChat)
    },
    waitChat,
    async send(page, text) {
      await composer(page).fill(text)
      await composer(page).press('Enter')
    },
    async openSession(page, title) {
      await page.getByText(title, { exact: true }).first().click()
    },
    sessionUrl: (sessionKey) => `${origin}/chat/${sessionKey.split(':').slice(1).join('/')}`,
    approvalPromptSelector: '.exec-approval-card',
    pairsSilently: true,
  }
}
