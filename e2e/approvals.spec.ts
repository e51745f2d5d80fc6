/**
 * Exec approvals against the real gateway (exec on the gateway host, ask "always") and the fake
 * model calling the gateway's `exec` tool: the card in the chat of the session that asked, Allow
 * once and Deny, an answer given by another client, and a reload while a request is pending.
 */
import type { Page } from '@playwright/test'
import { EXEC_NEEDS_APPROVAL } from '../harness/gatewayConfig'
import { connectionStatus, expect, messageLog, pairOperator, test, typeAndSend, useOwnGateway, warmUp } from './fixtures'

const ownGateway = useOwnGateway(EXEC_NEEDS_APPROVAL)
test.beforeAll(async ({ model }) => warmUp(ownGateway(), model))

const requests = (page: Page) => page.getByRole('region', { name: 'Requests from the agent' })
const card = (page: Page, command: string) => requests(page).getByRole('article').filter({ hasText: command })

/** A command whose output ("out-<n>") does not appear in its own text, so a reply can only hold it if it ran. */
function uniqueCommand(): { command: string; output: string } {
  const n = `${Date.now()}${Math.floor(Math.random() * 1000)}`
  return { command: `printf 'out%s' -${n}`, output: `out-${n}` }
}

async function askToRun(page: Page, command: string): Promise<void> {
  await typeAndSend(page, `please run [exec: ${command}]`)
  await expect(card(page, command)).toContainText('Run this command?')
}

test('Allow once: the command runs and its output comes back in the reply', async ({ page, model }) => {
  await pairOperator(page, ownGateway())
  const { command, output } = uniqueCommand()
  await askToRun(page, command)
  // Announced politely, with what is asked; the gateway offers no "Always allow" for ask "always".
  await expect(requests(page).getByRole('status')).toHaveText(`The agent asks to run: ${command}`)
  await expect(card(page, command)).toContainText('Working directory')
  await expect(card(page, command)).toContainText('gateway')
  await expect(card(page, command).getByRole('button')).toHaveText(['Allow once', 'Deny'])

  await card(page, command)
    .getByRole('button', { name: `Allow once: ${command}` })
    .click()
  await expect(card(page, command)).toContainText('You allowed this once.')
  await expect(messageLog(page).locator('.message-reply', { hasText: `Tool result: ${output}` })).toHaveCount(1)
  expect(model.toolResults.at(-1)).toBe(output)
})

test('Deny: the command does not run and the reply says so', async ({ page, model }) => {
  await pairOperator(page, ownGateway())
  const { command, output } = uniqueCommand()
  await askToRun(page, command)
  const before = model.toolResults.length
  await card(page, command)
    .getByRole('button', { name: `Deny: ${command}` })
    .click()
  await expect(card(page, command)).toContainText('You denied this.')
  // The model is told the exec was denied (never its output), and the chat shows the run failed.
  await expect.poll(() => model.toolResults.slice(before).join('\n')).toContain('Exec denied')
  expect(model.toolResults.slice(before).join('\n')).toContain('user-denied')
  expect(model.toolResults.slice(before).join('\n')).not.toContain(output)
  await expect(messageLog(page).locator('.message-reply').last()).toContainText(/Exec (denied|failed)/)
  await expect(messageLog(page)).not.toContainText(output)
})

test('a request answered by another client turns to "answered elsewhere" without a click', async ({ page }) => {
  const gateway = ownGateway()
  await pairOperator(page, gateway)
  const { command } = uniqueCommand()
  await askToRun(page, command)
  // The second client: the harness's admin connection, resolving the way the CLI does.
  const pending = (await gateway.call('exec.approval.list', {})) as Array<{ id: string; request: { command: string } }>
  const id = pending.find((entry) => entry.request.command === command)?.id
  expect(id).toBeDefined()
  await gateway.call('exec.approval.resolve', { id, decision: 'deny' })
  await expect(card(page, command)).toContainText('Answered elsewhere')
  await expect(card(page, command)).toContainText('denied')
  await expect(card(page, command).getByRole('button', { name: `Allow once: ${command}` })).toHaveCount(0)
})

test('a reload while a request is pending shows it again, once, and it can still be answered', async ({ page }) => {
  await pairOperator(page, ownGateway())
  const { command, output } = uniqueCommand()
  await askToRun(page, command)
  await page.reload()
  await expect(connectionStatus(page)).toContainText('Connected')
  await expect(card(page, command)).toHaveCount(1)
  await expect(card(page, command)).toContainText('Run this command?')
  await card(page, command)
    .getByRole('button', { name: `Allow once: ${command}` })
    .click()
  await expect(messageLog(page).locator('.message-reply', { hasText: `Tool result: ${output}` })).toHaveCount(1)
  await expect(card(page, command)).toHaveCount(1)
})
