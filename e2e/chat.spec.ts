/**
 * Chat against the real gateway and the fake model: streaming, stop, reload mid-stream, and the
 * outbox delivering exactly once across a gateway crash and a browser going offline.
 */
import type { Page } from '@playwright/test'
import { connectionStatus, dumpIndexedDb, expect, pairOperator, test } from './fixtures'

const messages = (page: Page) => page.getByRole('log', { name: 'Messages' })
const composer = (page: Page) => page.getByRole('textbox', { name: 'Message' })

async function send(page: Page, text: string): Promise<void> {
  await composer(page).fill(text)
  await composer(page).press('Enter')
}

function outboxOf(dump: Awaited<ReturnType<typeof dumpIndexedDb>>): unknown[] {
  return (dump['openclaw-companion-outbox']?.outbox ?? []).flatMap(([, value]) => (value as { entries: unknown[] }).entries)
}

test('a message streams its reply and ends in the final text', async ({ page, gateway }) => {
  await pairOperator(page, gateway)
  await send(page, 'hello streaming world')
  await expect(messages(page).locator('.message-reply').last()).toHaveText('Echo: hello streaming world')
  await expect(messages(page).locator('.message-user').last()).toHaveAttribute('data-state', 'answered')
})

test('Stop ends a slow reply as stopped and keeps the partial text', async ({ page, gateway }) => {
  await pairOperator(page, gateway)
  await send(page, 'tell me a long story [slow]')
  const reply = messages(page).locator('.message-reply').last()
  await expect(reply).toContainText('w3')
  await page.getByRole('button', { name: 'Stop' }).click()
  await expect(reply).toHaveAttribute('data-state', 'aborted')
  await expect(reply).toContainText('Stopped')
  await expect(reply).toContainText('Echo: tell me a long story')
  await expect(reply).not.toContainText('w80')
})

test('reload during a streaming reply: it goes on or shows complete, nothing duplicated', async ({ page, gateway, model }) => {
  await pairOperator(page, gateway)
  const text = `reload me ${Date.now()} [slow]`
  await send(page, text)
  await expect(messages(page).locator('.message-reply').last()).toContainText('w5')
  await page.reload()
  await expect(connectionStatus(page)).toContainText('Connected')
  await expect(messages(page).locator('.message-reply', { hasText: 'w80' })).toHaveCount(1, { timeout: 40_000 })
  await expect(messages(page).locator('.message-user', { hasText: text })).toHaveCount(1)
  expect(model.received.filter((received) => received === text)).toHaveLength(1)
})

test('messages typed while the gateway is down are delivered once it is back, exactly once and in order', async ({ page, gateway, model }) => {
  await pairOperator(page, gateway)
  await gateway.kill()
  await expect(connectionStatus(page)).toContainText(/Reconnecting|Connecting/)
  const batch = [1, 2, 3].map((n) => `while down ${Date.now()} #${n}`)
  for (const text of batch) await send(page, text)
  await expect(messages(page).locator('.message-user', { hasText: batch[0]! })).toContainText(/Will send when connected|Queued/)
  await gateway.launch()
  await expect(connectionStatus(page)).toContainText('Connected', { timeout: 60_000 })
  for (const text of batch) await expect(messages(page).locator('.message-reply', { hasText: `Echo: ${text}` })).toHaveCount(1)
  expect(model.received.filter((received) => batch.includes(received))).toEqual(batch)
  expect(outboxOf(await dumpIndexedDb(page))).toEqual([])
})

test('offline: messages queue, then go out exactly once when the browser is back online', async ({ page, context, gateway, model }) => {
  await pairOperator(page, gateway)
  await context.setOffline(true)
  await expect(connectionStatus(page)).toContainText('Offline')
  const batch = [1, 2].map((n) => `offline ${Date.now()} #${n}`)
  for (const text of batch) await send(page, text)
  await expect(messages(page).locator('.message-user', { hasText: batch[1]! })).toContainText('Will send when connected')
  expect(outboxOf(await dumpIndexedDb(page))).toHaveLength(2)
  await context.setOffline(false)
  for (const text of batch) await expect(messages(page).locator('.message-reply', { hasText: `Echo: ${text}` })).toHaveCount(1)
  expect(model.received.filter((received) => batch.includes(received))).toEqual(batch)
  expect(outboxOf(await dumpIndexedDb(page))).toEqual([])
})

test('switching sessions shows the right history; an image attachment round-trips', async ({ page, gateway, model }) => {
  await pairOperator(page, gateway)
  const first = `in the main session ${Date.now()}`
  await send(page, first)
  await expect(messages(page).locator('.message-reply', { hasText: `Echo: ${first}` })).toHaveCount(1)

  await page.getByRole('button', { name: 'New chat' }).click()
  await expect(messages(page)).toContainText('No messages yet')
  const second = `in a new session ${Date.now()}`
  await send(page, second)
  await expect(messages(page).locator('.message-reply', { hasText: `Echo: ${second}` })).toHaveCount(1)
  await expect(messages(page)).not.toContainText(first)

  const sessions = page.getByRole('navigation', { name: 'Sessions' })
  await sessions.getByRole('button', { name: 'Main chat' }).click()
  await expect(messages(page)).toContainText(first)
  await expect(messages(page)).not.toContainText(second)

  // A 1×1 PNG, attached through the file picker, with a caption.
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
  await page.getByTestId('attach-input').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: png })
  await expect(page.getByRole('img', { name: 'dot.png' })).toBeVisible()
  const caption = `look at this ${Date.now()}`
  await send(page, caption)
  await expect(messages(page).locator('.message-reply', { hasText: caption })).toContainText('media attached')
  expect(model.received.some((received) => received.includes(caption))).toBe(true)
  await page.reload()
  await expect(messages(page).locator('.message-user', { hasText: caption })).toContainText('An image was attached')
})

test('an image over the gateway limit is refused with a clear message before sending', async ({ page, gateway }) => {
  await pairOperator(page, gateway)
  const big = Buffer.alloc(7 * 1024 * 1024, 1)
  await page.getByTestId('attach-input').setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: big })
  await expect(page.getByRole('alert')).toContainText('huge.png is 7 MB; this gateway accepts images up to 6 MB.')
  await expect(page.getByRole('img', { name: 'huge.png' })).toHaveCount(0)
})
