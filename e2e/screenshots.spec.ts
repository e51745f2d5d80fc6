/**
 * How the app looks on a phone (360×740) and a desktop (1280×800), light and dark, against
 * committed baselines in screenshots.spec.ts-snapshots/ (regenerate with --update-snapshots and
 * look at every changed picture before committing it). Plus the layout rules screenshots cannot
 * state: no sideways scrolling at 320 px, and 44 px touch targets.
 */
import type { Locator, Page } from '@playwright/test'
import { approveFromScreen, connectionStatus, expect, pasteAndConfirm, test, useOwnGateway } from './fixtures'

const ownGateway = useOwnGateway()

const SIZES = [
  { name: 'phone', width: 360, height: 740 },
  { name: 'desktop', width: 1280, height: 800 },
] as const
const SCHEMES = ['light', 'dark'] as const
/** Anti-aliasing may differ by a few pixels between runs; layout or colour changes are far larger. */
const MAX_DIFF_PIXEL_RATIO = 0.01

async function expectScreens(page: Page, screen: string, mask: (page: Page) => Locator[] = () => []): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height })
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' })
      await expect(page).toHaveScreenshot(`${screen}-${size.name}-${colorScheme}.png`, { mask: mask(page), maxDiffPixelRatio: MAX_DIFF_PIXEL_RATIO })
    }
  }
}

test('onboarding welcome', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Pair with your OpenClaw gateway' })).toBeVisible()
  await expectScreens(page, 'welcome')
})

test('paste panel with an error', async ({ page }) => {
  await page.goto('/')
  await page.getByRole('button', { name: 'Paste setup code' }).click()
  await page.getByRole('textbox', { name: 'Setup code' }).fill('hello')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  await expectScreens(page, 'paste-error')
})

test('chat after pairing with the real gateway', async ({ page }) => {
  const gateway = ownGateway()
  await page.addInitScript(emulateKeyboard)
  await page.goto('/')
  await pasteAndConfirm(page, (await gateway.setupCode()).setupCode)
  await expect(page.getByRole('heading', { name: 'Waiting for approval' })).toBeVisible()
  // The request id and the code's time left differ every run.
  await expectScreens(page, 'waiting', (p) => [
    p.locator('.command code'),
    p.locator('.panel > p.muted, .panel > p.warning').first(),
    p.locator('.status-gateway'),
  ])
  await approveFromScreen(page, gateway)
  await expect(connectionStatus(page)).toContainText('Connected')
  const composer = page.getByRole('textbox', { name: 'Message' })
  await composer.fill('Hello from the screenshot test')
  await composer.press('Enter')
  await expect(page.getByRole('log', { name: 'Messages' }).locator('.message-reply').last()).toHaveText('Echo: Hello from the screenshot test', {
    timeout: 60_000,
  })
  await expect(page.getByRole('log', { name: 'Messages' }).locator('.message-user').last()).toHaveAttribute('data-state', 'answered')
  // The one-time notification offer follows the first message; these pictures are of the chat itself.
  await page.getByRole('button', { name: 'Not now' }).click()
  // The gateway's port changes every run; it shows in its label.
  await expectScreens(page, 'chat', (p) => [p.locator('.status-gateway'), p.locator('.gateway-name')])

  // The gateway list, the app's menu (on a phone the ☰ opens it in the chat's place), renaming one.
  await page.setViewportSize({ width: 360, height: 740 })
  await page.getByRole('button', { name: 'Gateways', exact: true }).click()
  await page.getByRole('button', { name: 'Rename' }).click()
  await expect(page.getByRole('textbox', { name: 'Gateway name' })).toBeFocused()
  await expectScreens(page, 'gateways-rename', (p) => [
    p.locator('.status-gateway'),
    p.locator('.gateway-name'),
    p.getByRole('textbox', { name: 'Gateway name' }),
  ])
  await page.setViewportSize({ width: 360, height: 740 })
  await page.getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByRole('button', { name: 'Rename' })).toBeFocused()
  // Focus stays in the list, so Escape closes it and returns to the menu button.
  await page.keyboard.press('Escape')
  await expect(page.getByRole('button', { name: 'Gateways', exact: true })).toBeFocused()
  await expect(composer).toBeVisible()

  // On a phone the header is one row (the gateway's name over its status, then the menu), and offline
  // the notice is said once, by the connection status.
  await page.setViewportSize({ width: 360, height: 740 })
  expect((await page.locator('.app-header').boundingBox())!.height).toBeLessThanOrEqual(56)
  await page.context().setOffline(true)
  await expect(connectionStatus(page)).toContainText('Offline — messages will be sent when you’re back online')
  await expect(page.getByText(/messages will be sent/)).toHaveCount(1)
  await expectScreens(page, 'chat-offline', (p) => [p.locator('.status-gateway'), p.locator('.gateway-name')])
  await page.context().setOffline(false)
  await expect(connectionStatus(page)).toContainText('Connected')

  // The on-screen keyboard covers the bottom 320 px of the phone: the composer moves up above it.
  await page.setViewportSize({ width: 360, height: 740 })
  await composer.focus()
  await page.evaluate(() => (window as unknown as { openKeyboard(px: number): void }).openKeyboard(320))
  await expect.poll(async () => (await page.getByRole('button', { name: 'Send' }).boundingBox())!.y + 44).toBeLessThanOrEqual(740 - 320)
  await expect(composer).toBeInViewport()
  await page.evaluate(() => (window as unknown as { openKeyboard(px: number): void }).openKeyboard(0))
  await expect.poll(async () => (await page.getByRole('button', { name: 'Send' }).boundingBox())!.y).toBeGreaterThan(740 - 100)
})

/**
 * A phone's on-screen keyboard, for headless Chromium, which has none: mobile browsers shrink only the visual
 * viewport when it opens (see src/ui/pwa/keyboardInset.ts). This gives the page a visualViewport that reads
 * the real one less the keyboard's height, and fires its resize event when the keyboard opens or closes.
 */
function emulateKeyboard() {
  const real = window.visualViewport
  if (!real) return
  let keyboard = 0
  const viewport = new EventTarget()
  Object.defineProperties(viewport, {
    width: { get: () => real.width },
    height: { get: () => real.height - keyboard },
    offsetTop: { get: () => real.offsetTop },
    offsetLeft: { get: () => real.offsetLeft },
    scale: { get: () => real.scale },
  })
  real.addEventListener('resize', () => viewport.dispatchEvent(new Event('resize')))
  Object.defineProperty(window, 'visualViewport', { get: () => viewport })
  Object.assign(window, {
    openKeyboard(px: number) {
      keyboard = px
      viewport.dispatchEvent(new Event('resize'))
    },
  })
}

test('an unfinished pairing after a reload: what it is, and the ways on', async ({ page }) => {
  const gateway = ownGateway()
  await page.goto('/')
  await pasteAndConfirm(page, (await gateway.setupCode()).setupCode)
  await expect(page.getByRole('heading', { name: 'Waiting for approval' })).toBeVisible()
  await gateway.reject((await page.locator('.command code').first().textContent())!.split(' ').pop()!)
  await expect(page.getByRole('heading', { name: 'Pairing was not approved' })).toBeVisible({ timeout: 30_000 })
  await page.reload()
  await expect(page.getByRole('heading', { name: /did not finish/ })).toBeVisible()
  // The gateway's address (its port changes every run) is in the title and the cause.
  await expectScreens(page, 'unfinished-pairing', (p) => [
    p.locator('.status-gateway'),
    p.locator('.gateway-name'),
    p.locator('#problem-title'),
    p.locator('.problem > p').first(),
  ])
})

test('no sideways scrolling at 320 px, and 44 px touch targets on the onboarding screens', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 })
  await page.goto('/')
  const checkLayout = async (screen: string) => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect(overflow, `${screen}: horizontal overflow in px`).toBe(0)
    const small = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('button, summary, input:not([type="radio"]):not([type="file"]), textarea, select, a[href]'))
        .filter((el) => el.getClientRects().length > 0 && !el.closest('.visually-hidden') && !el.classList.contains('visually-hidden'))
        .map((el) => ({ el, box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.width < 44 || box.height < 44)
        .map(
          ({ el, box }) =>
            `${el.tagName.toLowerCase()} "${el.textContent?.trim() || el.getAttribute('aria-label') || el.id}" ${Math.round(box.width)}×${Math.round(box.height)}`,
        ),
    )
    expect(small, `${screen}: touch targets under 44 px`).toEqual([])
  }
  await checkLayout('welcome')
  await page.getByRole('button', { name: 'Paste setup code' }).click()
  await page.getByRole('textbox', { name: 'Setup code' }).fill('hello')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  await checkLayout('paste panel with an error')
  await page.getByRole('button', { name: 'Enter manually' }).click()
  await checkLayout('manual panel')
})
