/**
 * Web Push from real gateways into one installed app: each gateway gets a service-worker
 * registration and a subscription of its own, made with its own VAPID key; the gateway encrypts and
 * sends to a real HTTPS push service on loopback (harness/pushService.ts), which checks the VAPID
 * signature and decrypts; the payload goes to the app's worker over CDP, the notification it shows is
 * read back, and a tap opens the right gateway at the approval.
 */
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { EXEC_NEEDS_APPROVAL } from '../harness/gatewayConfig'
import { PushService } from '../harness/pushService'
import { TestGateway } from '../harness/testGateway'
import { approveFromScreen, connectionStatus, expect, pairOperator, pasteAndConfirm, test, typeAndSend, warmUp } from './fixtures'
import { APP_ORIGIN } from './playwright.config'
import { PushDelivery, shownNotifications, tapNotification, usePushService } from './pushBrowser'

let push: PushService
let home: TestGateway
let work: TestGateway

test.beforeAll(async ({ model }) => {
  push = await PushService.start()
  const options = { modelBaseUrl: model.baseUrl, allowedOrigins: [APP_ORIGIN], config: EXEC_NEEDS_APPROVAL, env: { NODE_EXTRA_CA_CERTS: push.certPath } }
  ;[home, work] = await Promise.all([TestGateway.start(options), TestGateway.start(options)])
  await Promise.all([warmUp(home, model), warmUp(work, model)])
})
test.afterAll(async () => {
  await Promise.all([home?.dispose(), work?.dispose()])
  await push?.dispose()
})
test.beforeEach(async ({ context }) => {
  await context.grantPermissions(['notifications'], { origin: APP_ORIGIN })
  await usePushService(context, push)
})

const gatewayList = (page: Page) => page.getByRole('complementary', { name: 'Gateways' })
const gatewayRow = (page: Page, name: string) =>
  gatewayList(page)
    .getByRole('listitem')
    .filter({ has: page.getByRole('button', { name: `Open ${name}`, exact: true }) })
const settingsOf = (page: Page, name: string) => gatewayRow(page, name).getByRole('region', { name: 'Notifications' })

async function rename(page: Page, from: string, to: string): Promise<void> {
  await gatewayRow(page, from).getByRole('button', { name: 'Rename' }).click()
  await gatewayRow(page, from).getByRole('textbox', { name: 'Gateway name' }).fill(to)
  await gatewayRow(page, from).getByRole('button', { name: 'Save name' }).click()
  await expect(gatewayList(page).getByRole('button', { name: `Open ${to}`, exact: true })).toBeVisible()
}

async function addGateway(page: Page, gateway: TestGateway): Promise<void> {
  await page.getByRole('button', { name: 'Add gateway' }).click()
  await pasteAndConfirm(page, (await gateway.setupCode()).setupCode)
  await approveFromScreen(page, gateway)
  await expect(connectionStatus(page)).toContainText('Connected')
}

/** Turns a gateway's notifications on from its row and returns its registration's scope. */
async function turnOn(page: Page, name: string): Promise<string> {
  const before = push.liveScopes()
  await gatewayRow(page, name)
    .getByRole('button', { name: `Notifications from ${name}` })
    .click()
  await settingsOf(page, name).getByRole('button', { name: 'Turn on notifications' }).click()
  await expect(settingsOf(page, name).getByRole('status').first()).toHaveText(`On: this device is notified by ${name}.`)
  const scope = push.liveScopes().find((candidate) => !before.includes(candidate))
  if (!scope) throw new Error('no new push subscription')
  return scope
}

test('an approval request reaches the worker, shows under my name for the gateway, and a tap opens it, app open or closed', async ({ page, context }) => {
  await pairOperator(page, home)
  await rename(page, `127.0.0.1:${home.port}`, 'Home lab')
  const scope = await turnOn(page, 'Home lab')
  expect(scope).toMatch(/^\/push\/[^/]+\/$/)
  // The subscription was made with this gateway's own VAPID key.
  const { vapidPublicKey } = (await home.call('push.web.vapidPublicKey', {})) as { vapidPublicKey: string }
  expect(push.current(scope)?.applicationServerKey).toBe(vapidPublicKey)

  const n = `${Date.now()}${Math.floor(Math.random() * 1000)}`
  const command = `printf 'push%s' -${n}`
  await typeAndSend(page, `please run [exec: ${command}]`)
  const card = page.getByRole('region', { name: 'Requests from the agent' }).getByRole('article').filter({ hasText: command })
  await expect(card).toBeVisible({ timeout: 60_000 })
  const payload = await push.nextPush(scope, (text) => text.includes('openclaw-approval-'))
  // What travelled through the push service never names the command.
  expect(payload).not.toContain(n)
  const tag = (JSON.parse(payload) as { tag: string }).tag

  // The app is now open on another gateway when the push comes.
  await addGateway(page, work)
  const delivery = await PushDelivery.start(page)
  await delivery.deliver(APP_ORIGIN, scope, payload)
  await expect.poll(() => shownNotifications(page, scope)).toHaveLength(1)
  const [shown] = await shownNotifications(page, scope)
  expect(shown).toMatchObject({ title: 'Home lab', body: 'The agent asks for your approval.', tag })
  expect(shown!.body).not.toContain(n)

  await tapNotification(context, scope, tag)
  await expect(gatewayRow(page, 'Home lab')).toHaveAttribute('aria-current', 'true')
  await expect(card).toBeFocused()

  // The app closed: the notification opens it at its own URL, on that gateway, at the approval.
  await delivery.deliver(APP_ORIGIN, scope, payload)
  await expect.poll(() => shownNotifications(page, scope)).toHaveLength(1)
  const [again] = await shownNotifications(page, scope)
  await gatewayList(page)
    .getByRole('button', { name: `Open 127.0.0.1:${work.port}`, exact: true })
    .click()
  await page.close()
  const reopened = await context.newPage()
  await reopened.goto(again!.data.url)
  const reopenedCard = reopened.getByRole('region', { name: 'Requests from the agent' }).getByRole('article').filter({ hasText: command })
  await expect(gatewayRow(reopened, 'Home lab')).toHaveAttribute('aria-current', 'true')
  await expect(reopenedCard).toBeFocused()
  // The link is followed once and leaves the address.
  expect(new URL(reopened.url()).search).toBe('')
  await reopenedCard.getByRole('button', { name: `Deny: ${command}` }).click()
  await expect(reopenedCard).toContainText('You denied this.')
})

test('two gateways in one app: a subscription and a key each, each push under its own name; Forget on one stops only its pushes', async ({ page }) => {
  await pairOperator(page, home)
  await rename(page, `127.0.0.1:${home.port}`, 'Home')
  await addGateway(page, work)
  await rename(page, `127.0.0.1:${work.port}`, 'Work')
  const homeScope = await turnOn(page, 'Home')
  const workScope = await turnOn(page, 'Work')
  expect(homeScope).not.toBe(workScope)
  const keyOf = async (gateway: TestGateway) => ((await gateway.call('push.web.vapidPublicKey', {})) as { vapidPublicKey: string }).vapidPublicKey
  expect(push.current(homeScope)?.applicationServerKey).toBe(await keyOf(home))
  expect(push.current(workScope)?.applicationServerKey).toBe(await keyOf(work))
  expect(await keyOf(home)).not.toBe(await keyOf(work))

  // The settings (on, with categories, quiet hours and a test) and the gateway list around them pass axe.
  const { violations } = await new AxeBuilder({ page }).include('#gateways').analyze()
  expect(violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(', ')}`)).toEqual([])

  // A category, as the gateway records it for this device.
  const finished = settingsOf(page, 'Work').getByRole('checkbox', { name: 'Replies that finished' })
  await expect(finished).not.toBeChecked()
  await finished.check()
  await expect(finished).toBeChecked()

  // "Send a test" from each gateway's settings: each arrives in its own registration, under its own name.
  const delivery = await PushDelivery.start(page)
  for (const [name, scope] of [
    ['Home', homeScope],
    ['Work', workScope],
  ] as const) {
    await settingsOf(page, name).getByRole('button', { name: 'Send a test' }).click()
    await expect(settingsOf(page, name)).toContainText('Test sent')
    await delivery.deliver(APP_ORIGIN, scope, await push.nextPush(scope, (text) => text.includes('Web push test')))
    await expect
      .poll(async () => (await shownNotifications(page, scope)).map((shown) => `${shown.title}: ${shown.body}`))
      .toEqual([`${name}: Notifications from this gateway work.`])
  }

  // Forget Home: its subscription ends (the push service refuses the gateway from now on); Work's goes on.
  await gatewayRow(page, 'Home').getByRole('button', { name: 'Forget Home…' }).click()
  await gatewayRow(page, 'Home').getByRole('button', { name: 'Forget gateway' }).click()
  await expect(gatewayList(page).getByRole('button', { name: 'Open Home', exact: true })).toHaveCount(0)
  expect(push.current(homeScope)).toBeNull()
  expect(
    await page.evaluate(
      async (scope) => (await navigator.serviceWorker.getRegistrations()).some((registration) => registration.scope.endsWith(scope)),
      homeScope,
    ),
  ).toBe(false)
  // push.web.test goes to every subscription the gateway has (other tests' browsers too): this one's is refused.
  const before = push.received.length
  await home.call('push.web.test', {}).catch(() => undefined) // rejects when no subscription took it
  await work.call('push.web.test', {})
  const since = push.received.slice(before)
  expect(since.filter((received) => received.scope === homeScope).map((received) => received.status)).toEqual([410])
  expect(since.filter((received) => received.scope === workScope).map((received) => received.status)).toEqual([201])
})
