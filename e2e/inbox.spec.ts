/**
 * The Requests inbox across gateways, against two real gateways: a pending request of a gateway that
 * is not open is announced, counted in the header and on its gateway's row, listed in the inbox, and
 * opening it shows the right chat with its card; the decision then shows in the last 30 days.
 */
import { EXEC_NEEDS_APPROVAL } from '../harness/gatewayConfig'
import { approveFromScreen, connectionStatus, expect, pairOperator, pasteAndConfirm, test, typeAndSend, useOwnGateway, warmUp } from './fixtures'

const ownGateway = useOwnGateway(EXEC_NEEDS_APPROVAL)
test.beforeAll(async ({ model }) => warmUp(ownGateway(), model))

test('a request from another gateway: announced, counted, listed, and opened in its own chat', async ({ page, gateway }) => {
  const asking = ownGateway()
  const askingName = `127.0.0.1:${asking.port}`
  await pairOperator(page, asking)
  await expect(page.getByRole('button', { name: 'Requests: none waiting' })).toBeVisible()
  const n = `${Date.now()}${Math.floor(Math.random() * 1000)}`
  const command = `printf 'inbox%s' -${n}`
  await typeAndSend(page, `please run [exec: ${command}]`)
  await expect(page.getByRole('region', { name: 'Requests from the agent' }).getByRole('article').filter({ hasText: command }))
    // The first run of a fresh gateway (tool call, then the approval) can take over 30 s on a loaded machine.
    .toBeVisible({ timeout: 60_000 })

  // A second saved gateway, now the open one; after a reload the first gateway's pending request is
  // restored there, out of sight: the inbox announces it.
  await page.getByRole('button', { name: 'Add gateway' }).click()
  await pasteAndConfirm(page, (await gateway.setupCode()).setupCode)
  await approveFromScreen(page, gateway)
  await expect(connectionStatus(page)).toContainText('Connected')
  await page.reload()
  await expect(page.getByRole('status').filter({ hasText: `${askingName}: the agent asks to run ${command}` })).toHaveCount(1)
  const inboxButton = page.getByRole('button', { name: 'Requests: 1 waiting' })
  await expect(inboxButton).toBeVisible()
  const gatewayRow = (name: string) => page.getByRole('complementary', { name: 'Gateways' }).getByRole('listitem').filter({ hasText: name })
  await expect(gatewayRow(askingName)).toContainText('1 request waiting')
  await expect(gatewayRow(`127.0.0.1:${gateway.port}`)).not.toContainText('waiting')
  // The open chat (the other gateway) shows no card of it.
  await expect(page.getByRole('article').filter({ hasText: command })).toHaveCount(0)

  await inboxButton.click()
  const inbox = page.getByRole('region', { name: 'Requests from your agents' })
  await expect(inbox.getByRole('heading', { name: 'Requests from your agents' })).toBeFocused()
  await inbox.getByRole('button', { name: `Open in ${askingName}: ${command}` }).click()
  await expect(inbox).toHaveCount(0)

  // The asking gateway's chat, with the card, which has focus (the user asked to go there).
  const card = page.getByRole('region', { name: 'Requests from the agent' }).getByRole('article').filter({ hasText: command })
  await expect(card).toBeFocused()
  await expect(gatewayRow(askingName)).toHaveAttribute('aria-current', 'true')
  await card.getByRole('button', { name: `Allow once: ${command}` }).click()
  await expect(card).toContainText('You allowed this once.')
  await expect(page.getByRole('button', { name: 'Requests: none waiting' })).toBeVisible()

  // The decision in the last 30 days, read from the gateway's approval.history.
  await page.getByRole('button', { name: 'Requests: none waiting' }).click()
  await expect(inbox).toContainText('Nothing is waiting for your answer.')
  await expect(inbox.getByRole('listitem').filter({ hasText: command })).toContainText(`Allowed once`)
  await expect(inbox.getByRole('listitem').filter({ hasText: command })).toContainText(askingName)
  await page.keyboard.press('Escape')
  await expect(inbox).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Requests: none waiting' })).toBeFocused()

  // Opened right after a reload, before the gateways' approvals are ready: the decisions are read once they are.
  await page.reload()
  await page.getByRole('button', { name: 'Requests: none waiting' }).click()
  await expect(inbox.getByRole('listitem').filter({ hasText: command })).toContainText('Allowed once')
})
