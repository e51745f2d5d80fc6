/**
 * Several gateways at once, each with its own identity, token and role; Forget wipes exactly one.
 * Plus a first pairing's answers, each with its own cause (a code bound to another device, a rejected request),
 * never a loop, and a pairing that never finished shown as what it is after a reload.
 */
import { approveFromScreen, connectionStatus, dumpIndexedDb, expect, pasteAndConfirm, test } from './fixtures'
import { TestGateway } from '../harness/testGateway'
import { APP_ORIGIN } from './playwright.config'

type Dump = Awaited<ReturnType<typeof dumpIndexedDb>>

function recordsFor(dump: Dump, gatewayId: string): string[] {
  const found: string[] = []
  for (const [db, stores] of Object.entries(dump)) {
    for (const [store, records] of Object.entries(stores)) {
      for (const [key] of records) if (String(key).startsWith(gatewayId)) found.push(`${db}/${store}`)
    }
  }
  return found
}

function gatewayIds(dump: Dump): Array<{ id: string; role: string; url: string }> {
  return (dump['openclaw-companion-gateways']?.gateways ?? []).map(([, value]) => value as { id: string; role: string; url: string })
}

test('two gateways paired at once: each keeps its identity, token and role; Forget wipes one only', async ({ page, gateway, model }) => {
  const second = await TestGateway.start({ modelBaseUrl: model.baseUrl, allowedOrigins: [APP_ORIGIN] })
  try {
    await page.goto('/')
    await pasteAndConfirm(page, (await gateway.setupCode()).setupCode)
    await approveFromScreen(page, gateway)
    await expect(connectionStatus(page)).toContainText('Connected')

    await page.getByRole('button', { name: 'Add gateway' }).click()
    await pasteAndConfirm(page, (await second.setupCode()).setupCode, 'Node')
    await approveFromScreen(page, second)
    await expect(connectionStatus(page)).toContainText('Connected')
    await expect(page.getByRole('heading', { name: /node of/ })).toBeVisible()

    const dump = await dumpIndexedDb(page)
    const saved = gatewayIds(dump)
    expect(saved.map((g) => g.role).sort()).toEqual(['node', 'operator'])
    const identities = (dump['openclaw-companion-identities']?.identities ?? []).map(
      ([, value]) => value as { deviceId: string; keyPair?: { privateKey: { extractable: boolean } } },
    )
    expect(identities).toHaveLength(2)
    expect(identities[0]!.deviceId).not.toBe(identities[1]!.deviceId)
    expect(identities.every((identity) => identity.keyPair?.privateKey.extractable === false)).toBe(true)
    const secrets = Object.fromEntries(
      (dump['openclaw-companion-secrets']?.secrets ?? []).map(([key, value]) => [String(key), value as { deviceTokens: Record<string, unknown> }]),
    )
    const operator = saved.find((g) => g.role === 'operator')!
    const node = saved.find((g) => g.role === 'node')!
    expect(Object.keys(secrets[operator.id]!.deviceTokens)).toEqual(['operator'])
    expect(Object.keys(secrets[node.id]!.deviceTokens)).toEqual(['node'])

    // Switch back to the first gateway: it is still connected as operator, with chat.
    await page.getByRole('button', { name: `Open 127.0.0.1:${gateway.port}` }).click()
    await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible()
    await expect(connectionStatus(page)).toContainText('Connected')

    // Rename takes the user to the name field; Escape (or Cancel) puts the name back and focus on Rename.
    const firstRow = page.getByRole('listitem').filter({ has: page.getByRole('button', { name: `Open 127.0.0.1:${gateway.port}` }) })
    await firstRow.getByRole('button', { name: 'Rename' }).click()
    const nameField = firstRow.getByRole('textbox', { name: 'Gateway name' })
    await expect(nameField).toBeFocused()
    await nameField.fill('Not kept')
    await nameField.press('Escape')
    await expect(nameField).toHaveCount(0)
    await expect(firstRow.getByRole('button', { name: 'Rename' })).toBeFocused()
    await expect(page.getByRole('button', { name: `Open 127.0.0.1:${gateway.port}` })).toBeVisible()
    await firstRow.getByRole('button', { name: 'Rename' }).click()
    await firstRow.getByRole('button', { name: 'Cancel' }).click()
    await expect(firstRow.getByRole('button', { name: 'Rename' })).toBeFocused()

    // Forget… asks first, with focus on the safe answer; Escape keeps the gateway and returns focus.
    const forget = page.getByRole('button', { name: `Forget 127.0.0.1:${second.port}…` })
    await forget.click()
    await expect(page.getByRole('button', { name: 'Keep it' })).toBeFocused()
    await page.keyboard.press('Escape')
    await expect(forget).toBeFocused()
    await forget.click()
    await page.getByRole('button', { name: 'Forget gateway' }).click()
    await expect(page.getByRole('button', { name: `Open 127.0.0.1:${second.port}` })).toHaveCount(0)
    // Focus does not fall to the page with the forgotten row: it is on the list's heading.
    await expect(page.getByRole('heading', { name: 'Gateways' })).toBeFocused()

    const after = await dumpIndexedDb(page)
    expect(recordsFor(after, node.id)).toEqual([])
    expect(recordsFor(after, operator.id).sort()).toEqual(
      [
        'openclaw-companion-gateways/gateways',
        'openclaw-companion-history/history',
        'openclaw-companion-identities/identities',
        'openclaw-companion-secrets/secrets',
      ].sort(),
    )
    await page.reload()
    await expect(connectionStatus(page)).toContainText('Connected')
  } finally {
    await second.dispose()
  }
})

test('each answer to a first pairing has its own cause; a pairing that never finished is a draft to resume or discard', async ({ page, gateway, browser }) => {
  await page.goto('/')
  const { setupCode } = await gateway.setupCode()
  await pasteAndConfirm(page, setupCode)
  await expect(connectionStatus(page)).toContainText('Waiting for approval')

  // The same code on another device: it is bound to this one's request now.
  const other = await browser.newPage()
  try {
    await other.goto('/')
    await pasteAndConfirm(other, setupCode)
    await expect(other.getByRole('heading', { name: 'This setup code no longer works' })).toBeVisible()
  } finally {
    await other.close()
  }

  // Rejected on the gateway: the request's answer, not a spent code, and no retry loop.
  const requestId = (await page.locator('.command code').first().textContent())!.split(' ').pop()!
  await gateway.reject(requestId)
  await expect(page.getByRole('heading', { name: 'Pairing was not approved' })).toBeVisible({ timeout: 30_000 })
  await expect(page.getByRole('button', { name: 'Scan a new code' })).toBeVisible()
  let sockets = 0
  page.on('websocket', () => (sockets += 1))
  await page.waitForTimeout(5_000)
  expect(sockets).toBe(0)

  // After a reload it says what it is: an unfinished pairing, to finish with a new code or to discard.
  await page.reload()
  await expect(page.getByRole('heading', { name: `Pairing with 127.0.0.1:${gateway.port} did not finish` })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Scan a new code' })).toBeVisible()
  await page.getByRole('button', { name: `Discard the unfinished pairing with 127.0.0.1:${gateway.port}` }).click()
  await expect(page.getByRole('heading', { name: 'Pair with your OpenClaw gateway' })).toBeVisible()
  expect(gatewayIds(await dumpIndexedDb(page))).toEqual([])
})
