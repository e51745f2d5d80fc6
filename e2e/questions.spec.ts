/**
 * Agent questions (the gateway's ask_user tool) against the real gateway and the fake model: the
 * question card in the chat, an option or the free "Other" answer, and the run going on with it.
 */
import type { Page } from '@playwright/test'
import { expect, messageLog, pairOperator, test, typeAndSend, useOwnGateway, warmUp } from './fixtures'

const ownGateway = useOwnGateway()
test.beforeAll(async ({ model }) => warmUp(ownGateway(), model))

const requests = (page: Page) => page.getByRole('region', { name: 'Requests from the agent' })

test('the user picks an option and the run continues with that answer', async ({ page, model }) => {
  await pairOperator(page, ownGateway())
  const question = `Which colour ${Date.now()}?`
  await typeAndSend(page, `please ask [ask: ${question}|Red|Blue]`)
  const card = requests(page).getByRole('article').filter({ hasText: 'The agent asks' })
  await expect(card.getByRole('group', { name: question })).toBeVisible({ timeout: 60_000 })
  await card.getByRole('radio', { name: 'Blue' }).check()
  await card.getByRole('button', { name: `Send answer: ${question}` }).click()
  await expect(card).toContainText('You answered.')
  await expect(card).toContainText(question)
  await expect(card).toContainText('Blue')
  await expect.poll(() => model.toolResults.join('\n')).toContain('Blue')
  await expect(messageLog(page).locator('.message-reply').last()).toContainText('Blue')
})

test('the user types an Other answer and the model gets it', async ({ page, model }) => {
  await pairOperator(page, ownGateway())
  const question = `Where to ${Date.now()}?`
  await typeAndSend(page, `please ask [ask: ${question}|North|South]`)
  const card = requests(page).getByRole('article').filter({ hasText: 'The agent asks' }).last()
  await expect(card.getByRole('group', { name: question })).toBeVisible({ timeout: 60_000 })
  await card.getByRole('radio', { name: 'Other…' }).check()
  await card.getByRole('textbox', { name: 'Your own answer' }).fill('somewhere sunny')
  await card.getByRole('button', { name: `Send answer: ${question}` }).click()
  await expect(card).toContainText('somewhere sunny')
  await expect.poll(() => model.toolResults.join('\n')).toContain('somewhere sunny')
})
