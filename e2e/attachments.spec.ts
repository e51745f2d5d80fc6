/**
 * Attachments, dictation and sharing into the app, on a phone, against the real gateway: files of any kind
 * checked against the gateway's limits before they queue, photos made smaller on the device, attachments
 * that survive a reload while queued; nothing reaches the model until Send.
 */
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { composer, dumpIndexedDb, expect, messageLog, outboxEntries, pairOperator, test } from './fixtures'
import { APP_ORIGIN } from './playwright.config'

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })

const attachmentList = (page: Page) => page.getByRole('list', { name: 'Attachments' })
/** axe's rule ids for what is on screen now (a11y.spec.ts checks the other screens in both schemes). */
const axeViolations = async (page: Page) =>
  (await new AxeBuilder({ page }).analyze()).violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  )

async function waitForController(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
    if (!navigator.serviceWorker.controller)
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }))
  })
}

/** A portrait PNG of noise (it does not compress), over the gateway's 6 MB image limit, made by the browser. */
function noisyPortraitPng(page: Page): Promise<Buffer> {
  return page
    .evaluate(async () => {
      const canvas = new OffscreenCanvas(1200, 2000)
      const context = canvas.getContext('2d')!
      const pixels = context.createImageData(1200, 2000)
      for (let i = 0; i < pixels.data.length; i++) pixels.data[i] = i % 4 === 3 ? 255 : Math.floor(Math.random() * 256)
      context.putImageData(pixels, 0, 0)
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer())
      let binary = ''
      for (let start = 0; start < bytes.length; start += 0x8000) binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000))
      return btoa(binary)
    })
    .then((base64) => Buffer.from(base64, 'base64'))
}

test('a photo is made smaller, a PDF goes as a file, limits are named before queueing; queued attachments survive a reload and leave after the ack', async ({
  page,
  context,
  gateway,
  model,
}) => {
  await pairOperator(page, gateway)
  await expect(page.getByRole('button', { name: 'Choose file' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Take photo' })).toBeVisible()
  await expect(page.getByTestId('camera-input')).toHaveAttribute('capture', 'environment')

  // A photo over the image limit: made smaller on the device, still portrait, named for its new type.
  const photo = await noisyPortraitPng(page)
  expect(photo.length).toBeGreaterThan(6 * 1024 * 1024)
  await page.getByTestId('camera-input').setInputFiles({ name: 'tall.png', mimeType: 'image/png', buffer: photo })
  await expect(page.getByRole('status').filter({ hasText: 'tall.jpg was made smaller to fit this gateway' })).toBeVisible()
  const thumbnail = attachmentList(page).getByRole('img', { name: 'tall.jpg' })
  await expect(thumbnail).toBeVisible()
  const size = await thumbnail.evaluate((image: HTMLImageElement) => ({ width: image.naturalWidth, height: image.naturalHeight }))
  expect(size.height).toBeGreaterThan(size.width)
  await expect(attachmentList(page)).toContainText('image/jpeg')

  // Any file the gateway takes, with its name, type and size; an empty one and one over the limit are named.
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')
  await page.getByTestId('attach-input').setInputFiles({ name: 'plan.pdf', mimeType: 'application/pdf', buffer: pdf })
  await expect(attachmentList(page).getByRole('listitem').filter({ hasText: 'plan.pdf' })).toContainText(`application/pdf, ${pdf.length} bytes`)
  await page.getByTestId('attach-input').setInputFiles({ name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) })
  await expect(page.getByRole('alert')).toHaveText('empty.txt is empty; there is nothing to attach.')
  await page.getByTestId('attach-input').setInputFiles({ name: 'big.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(21 * 1024 * 1024, 7) })
  await expect(page.getByRole('alert')).toContainText(/^big\.bin is 21 MB; this gateway accepts files up to \d+(\.\d)? MB\.$/)
  await expect(attachmentList(page).getByRole('listitem')).toHaveCount(2)
  expect(await axeViolations(page)).toEqual([])

  // Offline: the message and both files wait in the outbox, through a reload, until the gateway acks them.
  await waitForController(page)
  await context.setOffline(true)
  const caption = `two files ${Date.now()}`
  await composer(page).fill(caption)
  await page.getByRole('button', { name: 'Send' }).click()
  await expect(attachmentList(page)).toHaveCount(0)
  const queued = messageLog(page).locator('.message-user', { hasText: caption })
  await expect(queued).toHaveAttribute('data-state', 'queued')
  const stored = outboxEntries(await dumpIndexedDb(page)) as unknown as Array<{ text: string; attachments: Array<{ fileName: string; mimeType: string }> }>
  expect(stored.map((entry) => [entry.text, entry.attachments.map((a) => [a.fileName, a.mimeType])])).toEqual([
    [
      caption,
      [
        ['tall.jpg', 'image/jpeg'],
        ['plan.pdf', 'application/pdf'],
      ],
    ],
  ])
  await page.reload()
  // The reloaded document needs the offline emulation again (see pwa.spec.ts).
  const network = await context.newCDPSession(page)
  const emulateOffline = (offline: boolean) =>
    network.send('Network.emulateNetworkConditions', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
  await emulateOffline(true)
  await expect(queued).toHaveAttribute('data-state', 'queued')
  await expect(queued.getByRole('img', { name: 'tall.jpg' })).toBeVisible()
  expect(model.received.some((text) => text.includes(caption))).toBe(false)

  await emulateOffline(false)
  await context.setOffline(false)
  await expect(messageLog(page).locator('.message-reply', { hasText: caption })).toContainText('media attached', { timeout: 60_000 })
  await expect.poll(async () => outboxEntries(await dumpIndexedDb(page))).toEqual([])
  const received = model.received.filter((text) => text.includes(caption))
  expect(received).toHaveLength(1)
  // The PDF reached the agent as media the gateway stored (an image may go inline, as image content).
  expect(received[0]).toContain('media attached')
})

test('a share from another app, offline, lands in the composer of the last used chat with its text and image; nothing reaches the model until Send', async ({
  page,
  context,
  gateway,
  model,
}) => {
  await pairOperator(page, gateway)
  // The last used chat is a new one: the share lands there, and the picker moves it to the main chat.
  const sessions = page.getByRole('navigation', { name: 'Sessions' })
  await sessions.getByRole('button', { name: 'New chat' }).first().click()
  await expect(sessions.getByRole('button', { name: 'Main chat' })).not.toHaveAttribute('aria-current', 'page')
  await expect(sessions.locator('[aria-current="page"]')).toHaveCount(1)
  await waitForController(page)
  await context.setOffline(true)
  const text = `shared ${Date.now()}`
  // Another app shares: the browser posts the manifest's share_target form to the app, as this form on a page of
  // no origin does (the app's own pages may not post forms: its CSP says form-action 'none').
  await page.goto('about:blank')
  await page.evaluate(
    async ({ sharedText, action }) => {
      const form = Object.assign(document.createElement('form'), { method: 'post', enctype: 'multipart/form-data', action })
      for (const [name, value] of [
        ['title', 'A page'],
        ['text', sharedText],
        ['url', 'https://example.com/shared'],
      ]) {
        form.append(Object.assign(document.createElement('input'), { name, value }))
      }
      const canvas = new OffscreenCanvas(40, 30)
      const context2d = canvas.getContext('2d')!
      context2d.fillStyle = '#c00'
      context2d.fillRect(0, 0, 40, 30)
      const files = new DataTransfer()
      files.items.add(new File([await canvas.convertToBlob({ type: 'image/png' })], 'red.png', { type: 'image/png' }))
      const input = Object.assign(document.createElement('input'), { type: 'file', name: 'files' })
      input.files = files.files
      form.append(input)
      document.body.append(form)
      form.submit()
    },
    { sharedText: text, action: `${APP_ORIGIN}/share-target` },
  )
  await page.waitForURL((url) => url.origin === APP_ORIGIN && url.pathname === '/' && !url.search.includes('share'))
  const network = await context.newCDPSession(page)
  const emulateOffline = (offline: boolean) =>
    network.send('Network.emulateNetworkConditions', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
  await emulateOffline(true)

  await expect(composer(page)).toHaveValue(`A page\n${text}\nhttps://example.com/shared`)
  await expect(attachmentList(page).getByRole('img', { name: 'red.png' })).toBeVisible()
  const picker = page.getByRole('region', { name: 'Where the shared items go' })
  await expect(picker).toContainText('the text and 1 image are in this message. Nothing is sent until you press Send.')

  await emulateOffline(false)
  await context.setOffline(false)
  await expect(page.getByRole('status', { name: 'Connection status' })).toContainText('Connected', { timeout: 60_000 })
  await expect(sessions.getByRole('button', { name: 'Main chat' })).not.toHaveAttribute('aria-current', 'page')
  await picker.getByText('Another gateway or chat…').click()
  expect(await axeViolations(page)).toEqual([])
  await picker.getByRole('combobox', { name: 'Chat' }).selectOption({ label: 'Main chat' })
  await picker.getByRole('button', { name: 'Move there' }).click()
  await expect(sessions.getByRole('button', { name: 'Main chat' })).toHaveAttribute('aria-current', 'page')
  await expect(composer(page)).toHaveValue(`A page\n${text}\nhttps://example.com/shared`)
  await expect(attachmentList(page).getByRole('img', { name: 'red.png' })).toBeVisible()
  expect(model.received.some((received) => received.includes(text))).toBe(false)
  await page.getByRole('button', { name: 'Send' }).click()
  await expect(messageLog(page).locator('.message-reply', { hasText: text })).toBeVisible({ timeout: 60_000 })
  expect(model.received.filter((received) => received.includes(text))).toHaveLength(1)
  expect(await gateway.userTexts('main')).toEqual(expect.arrayContaining([expect.stringContaining(text)]))
  // Sent: the share is done with, and the picker goes.
  await expect(picker).toHaveCount(0)
  await expect.poll(async () => (await dumpIndexedDb(page))['openclaw-companion-share']?.shares ?? []).toEqual([])
})
