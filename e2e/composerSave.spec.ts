/**
 * Nothing typed is lost, nothing is sent twice: the composer against the real gateway, with the
 * browser's IndexedDB slowed or failing (storageFaults.ts) the way a busy or full phone does.
 */
import { composer, dumpIndexedDb, expect, messageLog, outboxEntries, pairOperator, test } from './fixtures'
import { addStorageFaults, OUTBOX_DB } from './storageFaults'

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

test('Send takes the text at once: a second Enter sends nothing, and what is typed while the outbox write runs stays', async ({ page, gateway, model }) => {
  await addStorageFaults(page)
  await pairOperator(page, gateway)
  const text = `taken at send ${Date.now()}`
  await page.evaluate((db) => window.storageFaults.holdWrites(db), OUTBOX_DB)
  await composer(page).fill(text)
  await composer(page).press('Enter')
  // The outbox write has not finished (held), yet the box is empty.
  await expect.poll(() => page.evaluate(() => window.storageFaults.heldCount())).toBe(1)
  await expect(composer(page)).toHaveValue('')
  await composer(page).press('Enter')
  await composer(page).pressSequentially('typed meanwhile')
  await page.evaluate(() => window.storageFaults.release())

  await expect(messageLog(page).locator('.message-reply', { hasText: `Echo: ${text}` })).toHaveCount(1)
  await expect(composer(page)).toHaveValue('typed meanwhile')
  expect(model.received.filter((received) => received === text)).toHaveLength(1)
  await expect(messageLog(page).locator('.message-user', { hasText: text })).toHaveCount(1)
})

test('a message the device cannot store says so with the reason and Retry; its text and image go back to the composer', async ({ page, gateway, model }) => {
  await addStorageFaults(page)
  await pairOperator(page, gateway)
  const text = `not saved ${Date.now()}`
  await page.getByTestId('attach-input').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG })
  await page.evaluate((db) => window.storageFaults.failWrites(db), OUTBOX_DB)
  await composer(page).fill(text)
  await composer(page).press('Enter')

  const bubble = messageLog(page).getByRole('listitem').filter({ hasText: text })
  await expect(bubble.getByRole('alert')).toHaveText('Not saved on this device: the device storage is full. It is back in the message box; nothing was sent.')
  await expect(composer(page)).toHaveValue(text)
  await expect(page.getByRole('list', { name: 'Attachments' }).getByRole('img', { name: 'dot.png' })).toBeVisible()
  expect(outboxEntries(await dumpIndexedDb(page))).toEqual([])

  await page.evaluate(() => window.storageFaults.failWrites(null))
  await bubble.getByRole('button', { name: 'Retry' }).click()
  await expect(messageLog(page).locator('.message-reply', { hasText: text })).toContainText('media attached')
  // Saved and sent from the bubble: the composer's copy is gone, so it cannot go out a second time.
  await expect(composer(page)).toHaveValue('')
  await expect(page.getByRole('list', { name: 'Attachments' })).toHaveCount(0)
  expect(model.received.filter((received) => received.includes(text))).toHaveLength(1)
})
