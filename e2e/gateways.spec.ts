/**
 * Several gateways at once, each with its own identity, token and role; Forget wipes exactly one.
 * Plus the approval screen's dead ends: a rejected request ends in "Scan a new code", never a loop.
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

    await page.getByRole('button', { name: `Forget 127.0.0.1:${second.port}…` }).click()
    await page.getByRole('button', { name: 'Forget gateway' }).click()
    await expect(page.getByRole('button', { name: `Open 127.0.0.1:${second.port}` })).toHaveCount(0)

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

test('a rejected pairing request ends in "Scan a new code", not a retry loop', async ({ page, gateway }) => {
  await page.goto('/')
  await pasteAndConfirm(page, (await gateway.setupCode()).setupCode)
  await expect(connectionStatus(page)).toContainText('Waiting for approval')
  const requestId = (await page.locator('.command code').first().textContent())!.split(' ').pop()!
  await gateway.reject(requestId)
  await expect(connectionStatus(page)).toContainText('Needs attention', { timeout: 30_000 })
  await expect(page.getByRole('button', { name: 'Scan a new code' })).toBeVisible()

  let sockets = 0
  page.on('websocket', () => (sockets += 1))
  await page.waitForTimeout(5_000)
  expect(sockets).toBe(0)
})
