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

test('back after a drop: only what changed comes (a deltaCursor catch-up), shown once, after what was there', async ({ page, context, gateway }) => {
  await pairOperator(page, gateway)
  const before = `before the drop ${Date.now()}`
  await send(page, before)
  await expect(messages(page).locator('.message-reply', { hasText: `Echo: ${before}` })).toHaveCount(1)
  // Each chat.history this page asks from here on: from a cursor or not, for how many, and the kind of answer.
  const answers: Array<{ cursor: boolean; limit?: number; kind?: string }> = []
  const asked = new Map<string, { cursor: boolean; limit?: number }>()
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      const frame = JSON.parse(String(payload)) as { id?: string; method?: string; params?: { cursor?: string; limit?: number } }
      if (frame.method === 'chat.history' && frame.id) asked.set(frame.id, { cursor: frame.params?.cursor !== undefined, limit: frame.params?.limit })
    })
    socket.on('framereceived', ({ payload }) => {
      const frame = JSON.parse(String(payload)) as { id?: string; payload?: { kind?: string } }
      const question = frame.id ? asked.get(frame.id) : undefined
      if (question) answers.push({ ...question, kind: frame.payload?.kind })
    })
  })

  // While this device is away, another client's message and its reply land in the session.
  await context.setOffline(true)
  await expect(connectionStatus(page)).toContainText('Offline')
  const meanwhile = `while away ${Date.now()}`
  await gateway.sendChat('main', meanwhile)
  await context.setOffline(false)
  await expect(messages(page).locator('.message-reply', { hasText: `Echo: ${meanwhile}` })).toHaveCount(1)
  await expect(messages(page).locator('.message-user', { hasText: meanwhile })).toHaveCount(1)
  await expect(messages(page).locator('.message-reply', { hasText: `Echo: ${before}` })).toHaveCount(1)
  // The reconnect asked from its cursor and the gateway answered with what changed; no newest page was asked for.
  // (The outbox's pacer may look at the session first, with limit 1: that is not the transcript's reload.)
  expect(answers.filter((answer) => answer.cursor)[0]).toEqual({ cursor: true, limit: undefined, kind: 'delta' })
  expect(answers.filter((answer) => !answer.cursor && answer.limit !== 1)).toEqual([])
})

test('switching sessions shows the right history; an image attachment round-trips', async ({ page, gateway, model }) => {
  await pairOperator(page, gateway)
  const first = `in the main session ${Date.now()}`
  await send(page, first)
  await expect(messages(page).locator('.message-reply', { hasText: `Echo: ${first}` })).toHaveCount(1)

  // .first(): an earlier spec on this worker's gateway may have left an untitled chat, listed as "New chat" too.
  await page.getByRole('button', { name: 'New chat' }).first().click()
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

test('on a phone: the newest reply stays in view, the place being read holds while earlier messages come in above, and the gateways open from the header', async ({
  page,
  gateway,
}) => {
  // The outbox paces a session's sends (one at a time, each after the previous reply), so 35 quick sends take
  // about 35 agent runs: under a minute alone, over a minute beside another worker's gateways in CI (twice in a
  // row on 2026-12-07, ~2 s a send). The limits below bound a hang, not the speed (npm run bench measures that).
  test.setTimeout(240_000)
  await page.setViewportSize({ width: 360, height: 740 })
  await pairOperator(page, gateway)
  // A chat of its own, long enough that the transcript mounts only its newest messages at first.
  const sessions = page.getByRole('navigation', { name: 'Sessions' })
  await sessions.getByRole('button', { name: 'New chat' }).first().click()
  // Open once it is listed as the current chat; a message typed earlier would wait for it.
  await expect(sessions.getByRole('list').locator('[aria-current="page"]')).toHaveText('Untitled chat')
  await expect(messages(page)).toContainText('No messages yet')
  const texts = Array.from({ length: 35 }, (_, i) => `long chat ${Date.now()} #${String(i + 1).padStart(2, '0')}`)
  for (const text of texts) {
    await send(page, text)
    await expect(composer(page)).toHaveValue('')
  }
  const lastReply = messages(page).locator('.message-reply', { hasText: `Echo: ${texts.at(-1)}` })
  await expect(lastReply).toHaveCount(1, { timeout: 150_000 })
  // The screen does not scroll as a page: the transcript scrolls inside it, the composer stays at its foot.
  await expect(lastReply).toBeInViewport()
  await expect(composer(page)).toBeInViewport()
  expect(await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight)).toBeLessThanOrEqual(0)

  // Scrolled to the top, earlier messages go in above the one being read, which stays where it was.
  const items = messages(page).getByRole('listitem')
  const before = await items.count()
  const read = await messages(page).evaluate((log) => {
    log.scrollTop = 0
    const first = log.querySelector<HTMLElement>('[data-item-id]')!
    return { id: first.dataset.itemId!, top: first.getBoundingClientRect().top }
  })
  await expect.poll(() => items.count()).toBeGreaterThan(before)
  const after = await messages(page).evaluate((log, id) => {
    const message = Array.from(log.querySelectorAll<HTMLElement>('[data-item-id]')).find((item) => item.dataset.itemId === id)
    return message ? message.getBoundingClientRect().top : null
  }, read.id)
  expect(after, 'the message at the top of the view before the earlier ones came').not.toBeNull()
  expect(Math.abs(after! - read.top), 'px the message being read moved').toBeLessThanOrEqual(2)
  await expect(messages(page).locator('.message-user', { hasText: texts[0]! })).toHaveCount(1)

  // The saved gateways take the chat's place from the header's toggle; Escape brings the chat back.
  const toggle = page.getByRole('button', { name: 'Gateways' })
  await expect(page.getByRole('complementary', { name: 'Gateways' })).toBeHidden()
  await toggle.click()
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  await expect(page.getByRole('complementary', { name: 'Gateways' }).getByRole('button', { name: 'Add gateway' })).toBeVisible()
  await expect(messages(page)).toBeHidden()
  await page.getByRole('complementary', { name: 'Gateways' }).getByRole('button', { name: 'Add gateway' }).focus()
  await page.keyboard.press('Escape')
  await expect(toggle).toHaveAttribute('aria-expanded', 'false')
  await expect(toggle).toBeFocused()
  await expect(messages(page)).toBeVisible()
  await expect(composer(page)).toBeInViewport()
})
