/**
 * Credentials and messages stay with the gateway that issued them (issue 19, item 1), against two
 * real gateways A and B. A user with gateway A saved hands the app gateway B's setup code, by
 * "Add Node role" on A or by "Scan a new code" on A. Whatever the user presses on the confirm screen
 * ("Same gateway, new address", then the default "Add as a new gateway"), and across reloads, B never
 * receives A's device tokens, A's chat history or A's queued message: checked on the wire (every
 * frame the page sends to B's port) and on B's side (its model, its paired devices).
 *
 * On the code before the fix (main at b50ecb0) both tests stop at the missing "This is a different
 * gateway" screen; with that screen's steps replaced by the plain "Connect" the old screen had, the
 * "Scan a new code" test shows the defect itself: B received A's node device token in a `connect`
 * and A's queued message in a `chat.send`, A's record was moved to B's address, and A's device key
 * got paired on B.
 */
import type { Page, WebSocketRoute } from '@playwright/test'
import { approveFromScreen, connectionStatus, dumpIndexedDb, expect, messageLog, outboxEntries, pasteAndConfirm, test, typeAndSend } from './fixtures'
import { startFakeModel } from '../harness/fakeModel'
import { TestGateway } from '../harness/testGateway'
import { APP_ORIGIN } from './playwright.config'

type Dump = Awaited<ReturnType<typeof dumpIndexedDb>>
type SavedGateway = { id: string; role: string; url: string }
type Secrets = { deviceTokens: Record<string, { token: string; address?: string }> }

const savedGateways = (dump: Dump) => (dump['openclaw-companion-gateways']?.gateways ?? []).map(([, value]) => value as SavedGateway)
const secretsOf = (dump: Dump, id: string) => (dump['openclaw-companion-secrets']?.secrets ?? []).find(([key]) => key === id)?.[1] as Secrets | undefined

/** Every frame the page sends to a gateway's port, as text. */
function framesSentTo(page: Page, port: number): string[] {
  const sent: string[] = []
  page.on('websocket', (socket) => {
    if (new URL(socket.url()).port === String(port)) socket.on('framesent', (frame) => sent.push(String(frame.payload)))
  })
  return sent
}

async function pasteDifferentGatewayCode(page: Page, setupCode: string): Promise<void> {
  await page.getByRole('button', { name: 'Paste setup code' }).click()
  await page.getByRole('textbox', { name: 'Setup code' }).fill(setupCode)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { name: 'This is a different gateway' })).toBeVisible()
  await expect(page.getByRole('radio', { name: /Add as a new gateway/ })).toBeChecked()
}

async function pasteForNodeRole(page: Page, label: string, setupCode: string): Promise<void> {
  await page.getByRole('button', { name: `Add Node role to ${label}` }).click()
  await page.getByRole('button', { name: 'Paste setup code' }).click()
  await page.getByRole('textbox', { name: 'Setup code' }).fill(setupCode)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { name: 'This is a different gateway' })).toBeVisible()
}

test("Add Node role with another gateway's code: that gateway never sees A's token or A's queued message", async ({ page, gateway: a, model: modelA }) => {
  test.setTimeout(480_000) // A cold-starts once more; that alone took over 115 s at load average 17-20
  const modelB = await startFakeModel()
  const b = await TestGateway.start({ modelBaseUrl: modelB.baseUrl, allowedOrigins: [APP_ORIGIN] })
  const sentToB: string[] = []
  page.on('websocket', (socket) => {
    if (new URL(socket.url()).port === String(b.port)) socket.on('framesent', (frame) => sentToB.push(String(frame.payload)))
  })
  const labelA = `127.0.0.1:${a.port}`
  let isADown = false
  try {
    await page.goto('/')
    await pasteAndConfirm(page, (await a.setupCode()).setupCode)
    await approveFromScreen(page, a)
    await expect(connectionStatus(page)).toContainText('Connected')
    const before = await dumpIndexedDb(page)
    const recordA = savedGateways(before)[0]!
    const tokenA = secretsOf(before, recordA.id)!.deviceTokens.operator!.token
    expect(secretsOf(before, recordA.id)!.deviceTokens.operator!.address).toBe(a.url)

    // A message for A, queued while A is down.
    await a.kill()
    isADown = true
    await expect(connectionStatus(page)).toContainText(/Reconnecting|Connecting/)
    const queued = `for A only ${Date.now()}`
    await typeAndSend(page, queued)

    // 1. "Same gateway, new address": B must prove it is A; it cannot, so nothing moves.
    await pasteForNodeRole(page, labelA, (await b.setupCode()).setupCode)
    await expect(page.getByRole('radio', { name: /Add as a new gateway/ })).toBeChecked()
    await page.getByRole('radio', { name: /Same gateway, new address/ }).check()
    await page.getByRole('button', { name: 'Connect' }).click()
    await expect(page.getByRole('alert')).toContainText('did not recognise this device', { timeout: 40_000 })
    const afterProof = await dumpIndexedDb(page)
    expect(savedGateways(afterProof)).toEqual([recordA])
    expect(secretsOf(afterProof, recordA.id)!.deviceTokens.operator).toMatchObject({ token: tokenA, address: a.url })
    await page.getByRole('button', { name: 'Back' }).click()
    await page.getByRole('button', { name: 'Cancel' }).click()

    // 2. The default, "Add as a new gateway": B becomes a gateway of its own, with its own key and token.
    await pasteForNodeRole(page, labelA, (await b.setupCode()).setupCode)
    await page.getByRole('button', { name: 'Connect' }).click()
    await approveFromScreen(page, b)
    await expect(connectionStatus(page)).toContainText('Connected')
    await page.reload()
    await expect(connectionStatus(page)).toContainText('Connected')

    const after = await dumpIndexedDb(page)
    const saved = savedGateways(after)
    expect(saved).toHaveLength(2)
    const recordB = saved.find((record) => record.id !== recordA.id)!
    expect(recordB).toMatchObject({ url: b.url, role: 'node' })
    expect(saved.find((record) => record.id === recordA.id)).toEqual(recordA)
    expect(secretsOf(after, recordA.id)!.deviceTokens.operator).toMatchObject({ token: tokenA, address: a.url })
    expect(secretsOf(after, recordB.id)!.deviceTokens.node!.address).toBe(b.url)

    // On B's side: no frame carried A's token or A's message, B's model never got it, and A's device is not paired there.
    expect(sentToB.length).toBeGreaterThan(0)
    expect(sentToB.filter((frame) => frame.includes(tokenA))).toEqual([])
    expect(sentToB.filter((frame) => frame.includes(queued))).toEqual([])
    const identityA = (after['openclaw-companion-identities']?.identities ?? []).find(([key]) => key === recordA.id)?.[1] as { deviceId: string }
    expect((await b.pairingList()).paired.map((device) => device.deviceId)).not.toContain(identityA.deviceId)

    // A comes back and gets its message, exactly once; B's model never saw it.
    await a.launch()
    isADown = false
    await page.getByRole('button', { name: `Open ${labelA}` }).click()
    await expect(connectionStatus(page)).toContainText('Connected', { timeout: 60_000 })
    await expect.poll(() => modelA.received.filter((text) => text === queued).length, { timeout: 60_000 }).toBe(1)
    expect(modelB.received).not.toContain(queued)
    expect(sentToB.filter((frame) => frame.includes(tokenA) || frame.includes(queued))).toEqual([])
  } finally {
    if (isADown) await a.launch().catch(() => undefined)
    await b.dispose()
    await modelB.close()
  }
})

test("\"Scan a new code\" on A with gateway B's code: B never gets A's tokens, A's history or A's queued message", async ({ page, gateway: a }) => {
  test.setTimeout(420_000)
  const modelB = await startFakeModel()
  const b = await TestGateway.start({ modelBaseUrl: modelB.baseUrl, allowedOrigins: [APP_ORIGIN] })
  const sentToB = framesSentTo(page, b.port)
  // A stays up (the test revokes a token there) but can be put out of the page's reach: its sockets
  // are closed on the page's side and new ones closed at once, as when A's host is unreachable.
  let isAReachable = true
  const socketsToA: WebSocketRoute[] = []
  await page.routeWebSocket(
    (url) => url.port === String(a.port),
    (socket) => {
      if (!isAReachable) return void socket.close()
      socketsToA.push(socket)
      socket.connectToServer()
    },
  )
  const labelA = `127.0.0.1:${a.port}`
  try {
    // A paired in both roles, with a chat history.
    await page.goto('/')
    await pasteAndConfirm(page, (await a.setupCode()).setupCode)
    await approveFromScreen(page, a)
    await expect(connectionStatus(page)).toContainText('Connected')
    const history = `history of A ${Date.now()}`
    await typeAndSend(page, history)
    // A has it once it leaves the outbox (acknowledged): from then on it is A's chat history on this device.
    await expect.poll(async () => outboxEntries(await dumpIndexedDb(page)), { timeout: 60_000 }).toEqual([])
    await page.getByRole('button', { name: `Add Node role to ${labelA}` }).click()
    await pasteAndConfirm(page, (await a.setupCode()).setupCode, 'Node')
    const approveNode = await page.getByRole('tabpanel').locator('.command code', { hasText: 'openclaw devices approve' }).textContent()
    await a.approve(approveNode!.split(' ').pop()!)
    const recordA = savedGateways(await dumpIndexedDb(page))[0]!
    await expect.poll(async () => secretsOf(await dumpIndexedDb(page), recordA.id)?.deviceTokens.node?.token, { timeout: 60_000 }).toBeTruthy()
    const paired = await dumpIndexedDb(page)
    const savedA = savedGateways(paired)[0]!
    const { operator: operatorA, node: nodeA } = secretsOf(paired, savedA.id)!.deviceTokens
    const identityA = (paired['openclaw-companion-identities']?.identities ?? []).find(([key]) => key === savedA.id)?.[1] as { deviceId: string }

    // A out of reach; a message waits for it; meanwhile A revokes this device's operator token.
    isAReachable = false
    await Promise.all(socketsToA.map((socket) => socket.close()))
    await page.getByRole('tab', { name: 'Chat' }).click()
    await expect(connectionStatus(page)).toContainText(/Reconnecting|Connecting/)
    const queued = `queued for A ${Date.now()}`
    await typeAndSend(page, queued)
    await a.revokeToken(identityA.deviceId, 'operator')
    isAReachable = true
    // Back in reach, A refuses the operator token: "Scan a new code".
    const scanNewCode = page.getByRole('button', { name: 'Scan a new code' })
    await expect(scanNewCode).toBeVisible({ timeout: 90_000 })

    // 1. "Same gateway, new address": B cannot prove it is A (it does not know A's node token), so nothing moves.
    await scanNewCode.click()
    await pasteDifferentGatewayCode(page, (await b.setupCode()).setupCode)
    await page.getByRole('radio', { name: /Same gateway, new address/ }).check()
    await page.getByRole('button', { name: 'Connect' }).click()
    await expect(page.getByRole('alert')).toContainText('did not recognise this device', { timeout: 40_000 })
    const afterProof = await dumpIndexedDb(page)
    expect(savedGateways(afterProof)).toEqual([savedA])
    expect(secretsOf(afterProof, savedA.id)!.deviceTokens.node).toMatchObject({ token: nodeA!.token, address: a.url })

    // 2. A reload, then the default, "Add as a new gateway": B is a gateway of its own, with a chat of its own.
    await page.reload()
    await expect(scanNewCode).toBeVisible({ timeout: 60_000 })
    await scanNewCode.click()
    await pasteDifferentGatewayCode(page, (await b.setupCode()).setupCode)
    await page.getByRole('button', { name: 'Connect' }).click()
    await approveFromScreen(page, b)
    await expect(connectionStatus(page)).toContainText('Connected')
    for (const round of ['before', 'after'] as const) {
      if (round === 'after') await page.reload()
      await expect(connectionStatus(page)).toContainText('Connected')
      await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible()
      await expect(messageLog(page)).not.toContainText(history)
      await expect(messageLog(page)).not.toContainText(queued)
    }

    const after = await dumpIndexedDb(page)
    const saved = savedGateways(after)
    expect(saved).toHaveLength(2)
    expect(saved.find((record) => record.id === savedA.id)).toEqual(savedA)
    expect(saved.find((record) => record.id !== savedA.id)).toMatchObject({ url: b.url, role: 'operator' })
    expect(secretsOf(after, savedA.id)!.deviceTokens.node).toMatchObject({ token: nodeA!.token, address: a.url })
    // A's message is still waiting for A (nothing lost), and only for A.
    const outboxes = (after['openclaw-companion-outbox']?.outbox ?? []).map(([key, value]) => [String(key), JSON.stringify(value)] as const)
    expect(outboxes.filter(([, value]) => value.includes(queued)).map(([key]) => key)).toEqual([savedA.id])

    // On B's side: no frame carried A's tokens, history or message; B's model never got them; A's device is not paired there.
    expect(sentToB.length).toBeGreaterThan(0)
    const secretsOfA = [operatorA!.token, nodeA!.token, history, queued]
    expect(sentToB.filter((frame) => secretsOfA.some((secret) => frame.includes(secret)))).toEqual([])
    expect(modelB.received.filter((text) => text.includes(history) || text.includes(queued))).toEqual([])
    expect((await b.pairingList()).paired.map((device) => device.deviceId)).not.toContain(identityA.deviceId)
  } finally {
    await b.dispose()
    await modelB.close()
  }
})
