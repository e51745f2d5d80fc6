/**
 * Several tabs of the app, one delivery (issue 19, item 3): two pages of one browser context share
 * the app's IndexedDB. One tab leads the gateway and alone sends the outbox; the other follows and
 * reads. Checked on the wire (every `chat.send` frame each page sends), in the gateway's history,
 * and in IndexedDB.
 */
import type { Page, WebSocket as PageSocket } from '@playwright/test'
import { composer, connectionStatus, dumpIndexedDb, expect, messageLog, outboxEntries, pairOperator, storedData, test, typeAndSend } from './fixtures'

type Wire = { sends: Array<{ key: string; text: string }>; open: Set<PageSocket> }

/** Every `chat.send` request the page puts on the wire, and its sockets still open. */
function watchWire(page: Page): Wire {
  const wire: Wire = { sends: [], open: new Set() }
  page.on('websocket', (socket) => {
    wire.open.add(socket)
    socket.on('close', () => wire.open.delete(socket))
    socket.on('framesent', ({ payload }) => {
      if (typeof payload !== 'string') return
      const frame = JSON.parse(payload) as { type?: string; method?: string; params?: { idempotencyKey: string; message: string } }
      if (frame.type === 'req' && frame.method === 'chat.send' && frame.params)
        wire.sends.push({ key: frame.params.idempotencyKey, text: frame.params.message })
    })
  })
  return wire
}

const followerNote = (page: Page) => page.getByRole('status').filter({ hasText: 'Another open tab of this app sends' })
const replyTo = (page: Page, text: string) => messageLog(page).locator('.message-reply', { hasText: `Echo: ${text}` })

test('each queued message leaves exactly one tab exactly once; closing the leading tab lets the other deliver', async ({ context, page, gateway, model }) => {
  const firstWire = watchWire(page)
  await pairOperator(page, gateway)
  // Opened after the first tab paired: the first tab leads, this one follows.
  const second = await context.newPage()
  const secondWire = watchWire(second)
  await second.goto('/')
  await expect(connectionStatus(second)).toContainText('Connected')

  // Typed in the follower while both are online: the leader sends it; both show the reply.
  const stamp = Date.now()
  const fromFollower = `typed in tab 2 ${stamp}`
  await typeAndSend(second, fromFollower)
  await expect(replyTo(page, fromFollower)).toHaveCount(1)
  await expect(replyTo(second, fromFollower)).toHaveCount(1)
  await expect(messageLog(second).locator('.message-user', { hasText: fromFollower })).toHaveAttribute('data-state', 'answered')
  expect(secondWire.sends, 'the following tab sends nothing').toEqual([])
  expect(firstWire.sends.filter((send) => send.text === fromFollower)).toHaveLength(1)

  // Queued in both tabs while offline, then both come back at once: every entry still leaves once.
  await context.setOffline(true)
  await expect(connectionStatus(page)).toContainText('Offline')
  await expect(connectionStatus(second)).toContainText('Offline')
  const batch = [`offline tab 1 ${stamp} #1`, `offline tab 2 ${stamp} #2`, `offline tab 1 ${stamp} #3`]
  await typeAndSend(page, batch[0]!)
  await typeAndSend(second, batch[1]!)
  await typeAndSend(page, batch[2]!)
  // The leader shows what the follower queued, before it can send it.
  await expect(messageLog(page).locator('.message-user', { hasText: batch[1]! })).toContainText('Will send when connected')
  await context.setOffline(false)
  for (const text of batch) {
    await expect(replyTo(page, text)).toHaveCount(1)
    await expect(replyTo(second, text)).toHaveCount(1)
  }

  const sent = [fromFollower, ...batch]
  const allSends = [...firstWire.sends, ...secondWire.sends]
  for (const text of sent)
    expect(
      allSends.filter((send) => send.text === text),
      `chat.send frames for "${text}"`,
    ).toHaveLength(1)
  expect(secondWire.sends, 'the following tab sends nothing').toEqual([])
  expect(model.received.filter((text) => sent.includes(text))).toEqual(sent)
  const history = await gateway.userTexts('main')
  for (const text of sent)
    expect(
      history.filter((turn) => turn.includes(text)),
      `"${text}" in the gateway's history`,
    ).toHaveLength(1)
  await expect(followerNote(second)).toBeVisible()
  await expect(followerNote(page)).toHaveCount(0)

  // The leading tab closes with a message still queued in the follower: the follower takes over.
  await context.setOffline(true)
  await expect(connectionStatus(second)).toContainText('Offline')
  const afterClose = `queued in tab 2 before tab 1 closed ${stamp}`
  await typeAndSend(second, afterClose)
  await page.close()
  await expect(followerNote(second)).toHaveCount(0)
  await context.setOffline(false)
  await expect(replyTo(second, afterClose)).toHaveCount(1)
  expect(secondWire.sends.map((send) => send.text)).toEqual([afterClose])
  expect(firstWire.sends.filter((send) => send.text === afterClose)).toEqual([])
  expect(model.received.filter((text) => text === afterClose)).toHaveLength(1)
  expect(outboxEntries(await dumpIndexedDb(second))).toEqual([])
})

for (const forgetIn of ['leading', 'following'] as const)
  test(`Forget in the ${forgetIn} tab disconnects the other and leaves no record in any database`, async ({ context, page, gateway }) => {
    const wires = [watchWire(page)]
    await pairOperator(page, gateway)
    const before = `before forget ${Date.now()}`
    await typeAndSend(page, before)
    await expect(replyTo(page, before)).toHaveCount(1)
    const second = await context.newPage()
    wires.push(watchWire(second))
    await second.goto('/')
    await expect(connectionStatus(second)).toContainText('Connected')
    await expect(replyTo(second, before)).toHaveCount(1)
    await expect(followerNote(second)).toBeVisible()
    const [forgetting, other] = forgetIn === 'leading' ? [page, second] : [second, page]
    // A draft typed in the other tab: its save must not write the forgotten gateway back.
    await composer(other).fill('a draft in the other tab')

    await forgetting.getByRole('button', { name: `Forget 127.0.0.1:${gateway.port}…` }).click()
    await forgetting.getByRole('button', { name: 'Forget gateway' }).click()
    await expect(forgetting.getByRole('button', { name: 'Paste setup code' })).toBeVisible()

    // The other tab dropped the gateway too, and every socket either tab had to it is closed.
    await expect(other.getByRole('button', { name: 'Paste setup code' })).toBeVisible()
    await expect(other.getByRole('textbox', { name: 'Message' })).toHaveCount(0)
    for (const wire of wires) await expect.poll(() => wire.open.size).toBe(0)
    for (const tab of [page, second]) {
      // Nothing of the user's is left (storedData leaves out only the storage schema version, no gateway's data).
      expect(storedData(await dumpIndexedDb(tab))).toEqual({})
    }
  })

test('reloading the leading tab or the other mid-send: every message is delivered once, and the lead passes to the tab left open', async ({
  context,
  page,
  gateway,
  model,
}) => {
  test.setTimeout(150_000)
  const wires = [watchWire(page)]
  await pairOperator(page, gateway)
  const second = await context.newPage()
  wires.push(watchWire(second))
  await second.goto('/')
  await expect(connectionStatus(second)).toContainText('Connected')
  await expect(followerNote(second)).toBeVisible()

  const tag = `tabs reload ${Date.now()}`
  const texts: string[] = []
  let [leader, follower] = [page, second]
  for (let round = 1; round <= 3; round++) {
    // One message typed in each tab, then the leading tab reloads before any of them is surely out.
    for (const [name, tab] of [
      ['follower', follower],
      ['leader', leader],
    ] as const) {
      const text = `${tag} r${round} typed in the ${name}`
      texts.push(text)
      await typeAndSend(tab, text)
    }
    // Odd rounds reload the leader (the other tab, waiting for the lead, takes it); even rounds the follower.
    const reloaded = round % 2 === 1 ? leader : follower
    await reloaded.reload()
    if (reloaded === leader) [leader, follower] = [follower, leader]
    await expect(connectionStatus(reloaded)).toContainText('Connected')
    await expect(followerNote(follower), `round ${round}: the reloaded or waiting tab follows`).toBeVisible()
    await expect(followerNote(leader), `round ${round}: the tab that leads says nothing`).toHaveCount(0)
  }

  await expect.poll(() => model.received.filter((text) => text.startsWith(tag)).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(texts.length)
  for (const text of texts) {
    expect(
      model.received.filter((received) => received === text),
      `"${text}" reached the model once`,
    ).toHaveLength(1)
    // A send cut off by a reload may go out again, but only under its first key (which the gateway dedupes).
    const keys = new Set(wires.flatMap((wire) => wire.sends).flatMap((send) => (send.text === text ? [send.key] : [])))
    expect(keys.size, `"${text}" was sent under one idempotency key`).toBe(1)
  }
  const history = await gateway.userTexts('main')
  for (const text of texts)
    expect(
      history.filter((turn) => turn.includes(text)),
      `"${text}" in the gateway's history`,
    ).toHaveLength(1)
  for (const tab of [page, second]) {
    await expect(replyTo(tab, texts.at(-1)!)).toHaveCount(1)
    await expect.poll(async () => outboxEntries(await dumpIndexedDb(tab)), { message: 'the outbox is empty' }).toEqual([])
  }
})

test('a tab on its own never says that another tab sends, not even for a moment while it starts', async ({ page, gateway }) => {
  // Records, in the page itself, whether the follower note was ever in the document (a live region
  // that appears for one frame is still announced).
  await page.addInitScript(() => {
    const seen = { note: false }
    Object.assign(window, { followerNoteSeen: seen })
    new MutationObserver(() => {
      if (document.body?.textContent?.includes('Another open tab of this app sends')) seen.note = true
    }).observe(document, { subtree: true, childList: true, characterData: true })
  })
  const noteSeen = () => page.evaluate(() => (window as unknown as { followerNoteSeen: { note: boolean } }).followerNoteSeen.note)
  await pairOperator(page, gateway)
  expect(await noteSeen(), 'while pairing').toBe(false)
  await page.reload()
  await expect(connectionStatus(page)).toContainText('Connected')
  await expect(composer(page)).toBeEnabled()
  expect(await noteSeen(), 'while starting again').toBe(false)
})
