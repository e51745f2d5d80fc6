/**
 * axe-core on every screen a user meets, in the light and the dark theme: the welcome, each way
 * to pair, the confirm screen, waiting for approval, a problem, the chat with the gateway list,
 * and the offline and install controls on top of it.
 */
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { approveFromScreen, connectionStatus, expect, pasteAndConfirm, test } from './fixtures'

type Finding = { rule: string; impact: string | null | undefined; help: string; where: string[] }

/** Runs axe in both colour schemes; the failure message lists each rule and the elements it hit. */
async function expectNoViolations(page: Page, screen: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    const { violations } = await new AxeBuilder({ page }).analyze()
    const findings: Finding[] = violations.map((v) => ({ rule: v.id, impact: v.impact, help: v.help, where: v.nodes.map((node) => node.target.join(' ')) }))
    expect(findings, `${screen} (${colorScheme})`).toEqual([])
  }
  await page.emulateMedia({ colorScheme: 'light' })
}

test('every onboarding screen, the approval wait, a problem, the chat and the gateway list have no axe violations', async ({ page, context, gateway }) => {
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Pair with your OpenClaw gateway' })).toBeVisible()
  await expectNoViolations(page, 'welcome')

  await page.getByRole('button', { name: 'Paste setup code' }).click()
  await expect(page.getByRole('textbox', { name: 'Setup code' })).toBeVisible()
  await expectNoViolations(page, 'paste panel')
  await page.getByRole('textbox', { name: 'Setup code' }).fill('hello')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  await expectNoViolations(page, 'paste panel with an error')

  await page.getByRole('button', { name: 'Enter manually' }).click()
  await expect(page.getByRole('textbox', { name: 'Gateway URL' })).toBeVisible()
  await expectNoViolations(page, 'manual panel')

  // No camera in this browser: the scan panel shows its error next to the other ways in.
  await page.getByRole('button', { name: 'Scan QR code' }).click()
  await expect(page.getByRole('alert')).toContainText(/camera/i)
  await expectNoViolations(page, 'scan panel (no camera)')

  await page.getByRole('button', { name: 'Paste setup code' }).click()
  await page.getByRole('textbox', { name: 'Setup code' }).fill((await gateway.setupCode()).setupCode)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { name: 'Connect to this gateway?' })).toBeVisible()
  await expectNoViolations(page, 'confirm screen')

  await page.getByRole('button', { name: 'Connect' }).click()
  await expect(connectionStatus(page)).toContainText('Waiting for approval')
  await expect(page.getByRole('heading', { name: 'Waiting for approval' })).toBeVisible()
  await expectNoViolations(page, 'waiting for approval')

  const requestId = (await page.locator('.command code').first().textContent())!.split(' ').pop()!
  await gateway.reject(requestId)
  // The gateway reports the rejection as "not approved" or as a spent setup code; either is a problem screen.
  await expect(connectionStatus(page)).toContainText('Needs attention', { timeout: 30_000 })
  await expect(page.locator('[data-problem]').getByRole('heading')).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Gateways' })).toBeVisible()
  await expectNoViolations(page, 'problem screen with the gateway list')

  await page.getByRole('button', { name: 'Scan a new code' }).click()
  await pasteAndConfirm(page, (await gateway.setupCode()).setupCode)
  await approveFromScreen(page, gateway)
  await expect(connectionStatus(page)).toContainText('Connected')
  const composer = page.getByRole('textbox', { name: 'Message' })
  await composer.fill('hello, accessible world')
  await composer.press('Enter')
  await expect(page.getByRole('log', { name: 'Messages' }).locator('.message-reply').last()).toHaveText('Echo: hello, accessible world', { timeout: 60_000 })
  await expect(page.getByRole('heading', { name: 'Gateways' })).toBeVisible()
  await expectNoViolations(page, 'chat with the gateway list')

  await page.getByRole('button', { name: /^Forget .*…$/ }).click()
  await expect(page.getByRole('button', { name: 'Forget gateway' })).toBeVisible()
  await expectNoViolations(page, 'gateway list confirming Forget')
  await page.getByRole('button', { name: 'Keep it' }).click()

  await context.setOffline(true)
  await expect(connectionStatus(page)).toContainText('Offline')
  await page.evaluate(() => {
    const event = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), { prompt: async () => {}, userChoice: new Promise(() => {}) })
    window.dispatchEvent(event)
  })
  await expect(page.getByRole('button', { name: 'Install app' })).toBeVisible()
  await expectNoViolations(page, 'chat offline, with the install offer')
  await context.setOffline(false)
})
