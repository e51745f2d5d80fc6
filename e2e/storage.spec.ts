/**
 * Storage that fails loudly: a browser that refuses IndexedDB gets a screen that says why, and
 * Forget says how to remove the device on the gateway too; Diagnostics tells what the app found.
 */
import { connectionStatus, dumpIndexedDb, expect, pairOperator, test } from './fixtures'
import { addStorageFaults } from './storageFaults'

test('IndexedDB refused (a private mode): a screen says why and what to do, not "Loading…" forever', async ({ page }) => {
  await addStorageFaults(page, { unavailable: true })
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'This browser will not let the app store anything' })).toBeFocused()
  await expect(page.getByRole('alert')).toContainText('InvalidStateError: The user denied permission to access the database.')
  await expect(page.getByRole('alert')).toContainText('Open the app in a normal window')
  await expect(page.getByRole('button', { name: 'Reload' })).toBeVisible()
  await expect(page.getByText('Loading…')).toHaveCount(0)
})

test('Diagnostics says whether the browser keeps the storage; Forget names the command that removes the device on the gateway', async ({ page, gateway }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await pairOperator(page, gateway)
  await expect(connectionStatus(page)).toContainText('Connected')
  const list = page.getByRole('complementary', { name: 'Gateways' })
  await list.getByRole('button', { name: 'Diagnostics' }).click()
  await expect(page.getByRole('heading', { name: 'Diagnostics' })).toBeFocused()
  await expect(list).toContainText(/The browser (agreed|did not agree) to keep this app’s storage/)
  await expect(list).toContainText('No problems found in the stored data.')
  await list.getByRole('button', { name: 'Close diagnostics' }).click()
  await expect(list.getByRole('button', { name: 'Diagnostics' })).toBeFocused()

  const dump = await dumpIndexedDb(page)
  const [[gatewayId, identity]] = dump['openclaw-companion-identities']!.identities as [[string, { deviceId: string }]]
  await list.getByRole('button', { name: /^Forget .*…$/ }).click()
  await list.getByRole('button', { name: 'Forget gateway' }).click()
  const notice = page.getByRole('status').filter({ hasText: 'is forgotten on this device' })
  await expect(notice).toContainText(`openclaw devices remove ${identity.deviceId}`)
  // Nothing of it is left in any database.
  const after = await dumpIndexedDb(page)
  const left = Object.entries(after).flatMap(([db, stores]) =>
    Object.values(stores).flatMap((records) => records.filter(([key]) => String(key).split('\u0000')[0] === gatewayId).map(([key]) => `${db}:${String(key)}`)),
  )
  expect(left).toEqual([])
  await notice.getByRole('button', { name: 'Done' }).click()
  await expect(notice).toHaveCount(0)
})
