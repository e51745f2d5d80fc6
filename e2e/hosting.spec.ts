/** `npm start`'s preview server sends the headers the README asks a host to send. */
import { readFileSync } from 'node:fs'
import { expect, test } from './fixtures'
import { APP_ORIGIN } from './playwright.config'

const metaCsp = () => readFileSync(new URL('../index.html', import.meta.url), 'utf8').match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)![1]!

test('the app is served with a CSP that forbids framing, and the other hosting headers', async ({ page }) => {
  const response = await page.goto('/')
  const headers = response!.headers()
  expect(headers['content-security-policy']).toBe(`${metaCsp()}; frame-ancestors 'none'`)
  expect(headers['x-frame-options']).toBe('DENY')
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['referrer-policy']).toBe('no-referrer')
  expect(headers['permissions-policy']).toContain('camera=(self)')
  expect(headers['cross-origin-opener-policy']).toBe('same-origin')
})

test('another site cannot frame the app', async ({ page }) => {
  // A page of another origin (about:blank's opaque one) tries to embed the app. setContent returns
  // after the load event, which waits for the iframe's own load (the app's page, or the browser's
  // error page when the frame is refused).
  await page.setContent(`<iframe title="framed app" src="${APP_ORIGIN}/"></iframe>`)
  const child = page.frames().find((frame) => frame !== page.mainFrame())!
  expect(child.url()).not.toBe(`${APP_ORIGIN}/`)
  expect(await child.locator('#root').count()).toBe(0)
})
