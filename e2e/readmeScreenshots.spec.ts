/**
 * The README's two screenshots (phone size), made from the real app against the real gateway.
 * `npm run screenshots` regenerates them; `npm test` compares the app with them within a tolerance,
 * so the README never shows a screen the app no longer has.
 */
import { approveFromScreen, connectionStatus, expect, pasteAndConfirm, test, useOwnGateway } from './fixtures'

const ownGateway = useOwnGateway()

test.use({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, colorScheme: 'light', isMobile: true, hasTouch: true })

const TOLERANCE = { maxDiffPixelRatio: 0.02, animations: 'disabled' as const }

test('README: onboarding on a phone', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByRole('button', { name: 'Scan QR code' })).toBeVisible()
  await expect(page).toHaveScreenshot('onboarding-phone.png', TOLERANCE)
})

test('README: chat on a phone', async ({ page }) => {
  const gateway = ownGateway()
  await page.goto('/')
  await pasteAndConfirm(page, (await gateway.setupCode()).setupCode)
  await approveFromScreen(page, gateway)
  await expect(connectionStatus(page)).toContainText('Connected')
  // The gateway's default name carries this run's port; a name of the user's own keeps the picture stable.
  // On a phone the saved gateways open from the header, in the chat's place.
  await page.getByRole('button', { name: 'Gateways' }).click()
  await page.getByRole('button', { name: 'Rename' }).click()
  await page.getByRole('textbox', { name: 'Gateway name' }).fill('Home gateway')
  await page.getByRole('button', { name: 'Save name' }).click()
  await page.getByRole('button', { name: 'Gateways' }).click()
  const composer = page.getByRole('textbox', { name: 'Message' })
  await composer.fill('What can you do from my phone?')
  await composer.press('Enter')
  await expect(page.getByRole('log', { name: 'Messages' }).locator('.message-reply').last()).toHaveText('Echo: What can you do from my phone?', {
    timeout: 60_000,
  })
  await expect(page.getByRole('navigation', { name: 'Sessions' })).toContainText('Main chat')
  // The one-time notification offer follows the first message; the README shows the chat itself.
  await page.getByRole('button', { name: 'Not now' }).click()
  await composer.blur()
  await expect(page).toHaveScreenshot('chat-phone.png', TOLERANCE)
})
