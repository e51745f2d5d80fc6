/**
 * Chat depth against the real gateway (one of this file's own, with a second model that thinks):
 * sessions (rename, unread marks, search, archive and restore, delete with a confirmation) on a
 * phone, the New chat button whole beside an unnamed session; the model and thinking pickers; the
 * slash-command menu by keyboard; axe over the menus, the search and the dialog.
 */
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import type { FakeModel } from '../harness/fakeModel'
import { gatewayConfig } from '../harness/gatewayConfig'
import { composer, expect, messageLog, pairOperator, test, typeAndSend, useOwnGateway, warmUp } from './fixtures'

/** The harness's fake provider with a second model, one that offers thinking levels. */
function withThinkingModel(model: FakeModel): Record<string, unknown> {
  const { models } = gatewayConfig({ modelBaseUrl: model.baseUrl, token: 'unused', port: 0, allowedOrigins: [] })
  const [fake] = models.providers.fake.models
  const thinker = { ...fake, id: 'fake-thinker', name: 'Fake Thinker', reasoning: true }
  return { models: { ...models, providers: { fake: { ...models.providers.fake, models: [fake, thinker] } } } }
}
const ownGateway = useOwnGateway(withThinkingModel)
test.beforeAll(async ({ model }) => warmUp(ownGateway(), model))

const nav = (page: Page) => page.getByRole('navigation', { name: 'Sessions' })
const chats = (page: Page) => nav(page).getByRole('list', { name: 'Chats' })
const current = (page: Page) => chats(page).locator('[aria-current="page"]')

async function expectNoViolations(page: Page, screen: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    const { violations } = await new AxeBuilder({ page }).analyze()
    expect(
      violations.map((v) => ({ rule: v.id, where: v.nodes.map((node) => node.target.join(' ')) })),
      `${screen} (${colorScheme})`,
    ).toEqual([])
  }
  await page.emulateMedia({ colorScheme: 'light' })
}

async function chatOption(page: Page, name: string): Promise<void> {
  await nav(page).getByRole('button', { name: 'Chat options' }).click()
  await nav(page).getByRole('list', { name: 'Chat options' }).getByRole('button', { name, exact: true }).click()
}

test('sessions on a phone: a new chat beside a whole New chat button, rename, unread, search, archive, restore, delete', async ({ page }) => {
  const gateway = ownGateway()
  await page.setViewportSize({ width: 360, height: 740 })
  await pairOperator(page, gateway)
  const mainWords = `zebra crossing ${Date.now()}`
  await typeAndSend(page, mainWords)
  await expect(messageLog(page).locator('.message-reply', { hasText: `Echo: ${mainWords}` })).toHaveCount(1)

  // A new chat is "Untitled chat" until it has a name: one "New chat" button, its label whole.
  await nav(page).getByRole('button', { name: 'New chat' }).click()
  await expect(current(page)).toHaveText('Untitled chat')
  await expect(nav(page).getByRole('button', { name: 'New chat' })).toHaveCount(1)
  const newChat = nav(page).getByRole('button', { name: 'New chat' })
  expect(await newChat.evaluate((button) => button.scrollWidth <= button.clientWidth)).toBe(true)
  await typeAndSend(page, 'plan the trip')
  await expect(messageLog(page).locator('.message-reply', { hasText: 'Echo: plan the trip' })).toHaveCount(1)

  // Rename; the name stays after a reload.
  await chatOption(page, 'Rename')
  await expect(nav(page).getByRole('textbox', { name: 'Chat name' })).toBeFocused()
  await nav(page).getByRole('textbox', { name: 'Chat name' }).fill('Trip plans')
  await nav(page).getByRole('button', { name: 'Save' }).click()
  await expect(current(page)).toHaveText('Trip plans')
  await expect(nav(page).getByRole('button', { name: 'Chat options' })).toBeFocused()
  // Escape cancels a rename and gives focus back to the menu button.
  await chatOption(page, 'Rename')
  await nav(page).getByRole('textbox', { name: 'Chat name' }).press('Escape')
  await expect(nav(page).getByRole('button', { name: 'Chat options' })).toBeFocused()
  await page.reload()
  await expect(current(page)).toHaveText('Trip plans')

  // News in another chat marks it unread; opening it reads it.
  await gateway.sendChat('main', `news while away ${Date.now()}`)
  const mainRow = chats(page).getByRole('button', { name: /Main chat/ })
  await expect(mainRow.getByRole('img', { name: 'New messages' })).toBeVisible()
  await mainRow.click()
  await expect(messageLog(page)).toContainText('news while away')
  await expect(mainRow.getByRole('img', { name: 'New messages' })).toHaveCount(0)

  // Search finds words in another chat's messages and opens it.
  await nav(page).getByRole('button', { name: 'Search chats' }).click()
  await nav(page).getByRole('searchbox', { name: 'Search chats' }).fill('trip')
  const results = nav(page).getByRole('list', { name: 'Search results' })
  await expect(results.getByRole('button').first()).toContainText('Trip plans')
  await expectNoViolations(page, 'search results')
  await results.getByRole('button').first().click()
  await expect(current(page)).toHaveText('Trip plans')

  // The menu passes axe; Archive moves the chat out of the list and opens the main one.
  await nav(page).getByRole('button', { name: 'Chat options' }).click()
  await expectNoViolations(page, 'chat options')
  await nav(page).getByRole('button', { name: 'Chat options' }).press('Escape')
  await expect(nav(page).getByRole('list', { name: 'Chat options' })).toHaveCount(0)
  await chatOption(page, 'Archive')
  await expect(current(page)).toHaveText('Main chat')
  await expect(chats(page).getByRole('button', { name: 'Trip plans' })).toHaveCount(0)
  await expect(page.getByRole('status').filter({ hasText: '“Trip plans” is archived.' })).toBeAttached()

  // Archived chats: Restore brings it back.
  await chatOption(page, 'Archived chats')
  const archived = nav(page).getByRole('region', { name: 'Archived chats' })
  await archived.getByRole('button', { name: 'Restore Trip plans' }).click()
  await expect(chats(page).getByRole('button', { name: 'Trip plans' })).toBeVisible()
  // The restored row is gone from the list: focus stays in it, on its heading, not on the page.
  await expect(archived.getByRole('heading', { name: 'Archived chats' })).toBeFocused()
  await archived.getByRole('button', { name: 'Back to chats' }).click()

  // Delete asks first: Escape keeps the chat, Delete removes it from the gateway.
  await chats(page).getByRole('button', { name: 'Trip plans' }).click()
  await chatOption(page, 'Delete…')
  const dialog = page.getByRole('dialog', { name: 'Delete this chat?' })
  await expect(dialog).toContainText('“Trip plans” and all its messages are deleted from the gateway.')
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await expectNoViolations(page, 'delete dialog')
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  await expect(current(page)).toHaveText('Trip plans')
  await chatOption(page, 'Delete…')
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click()
  await expect(current(page)).toHaveText('Main chat')
  await expect(chats(page).getByRole('button', { name: 'Trip plans' })).toHaveCount(0)
  const everySession = (await gateway.call('sessions.list', { archived: 'all', limit: 100 })) as { sessions: Array<{ label?: string }> }
  expect(everySession.sessions.map((session) => session.label)).not.toContain('Trip plans')
})

test('model and thinking per chat, the slash-command menu by keyboard, tool activity and message actions', async ({ page, context }) => {
  const gateway = ownGateway()
  await page.setViewportSize({ width: 1280, height: 800 })
  await pairOperator(page, gateway)
  await nav(page).getByRole('button', { name: 'New chat' }).click()
  await expect(current(page)).toHaveText('Untitled chat')

  // The model picker lists the gateway's models; the thinking picker appears for a model with levels.
  const settings = page.getByRole('group', { name: 'Chat settings' })
  const modelPicker = settings.getByRole('combobox', { name: 'Model' })
  await expect(modelPicker).toHaveValue('fake/fake-model')
  await expect(settings.getByRole('combobox', { name: 'Thinking' })).toHaveCount(0)
  await modelPicker.selectOption({ label: 'Fake Thinker' })
  await expect(page.getByRole('status').filter({ hasText: 'This chat now uses Fake Thinker.' })).toBeAttached()
  const thinking = settings.getByRole('combobox', { name: 'Thinking' })
  await expect(thinking).toBeVisible()
  await thinking.selectOption('high')
  await expect(page.getByRole('status').filter({ hasText: 'Thinking is now high.' })).toBeAttached()
  const rows = async () =>
    ((await gateway.call('sessions.list', { limit: 20 })) as { sessions: Array<{ label?: string; model?: string; thinkingLevel?: string; isMain?: boolean }> })
      .sessions
  await expect.poll(async () => (await rows()).find((row) => !row.isMain)).toMatchObject({ model: 'fake-thinker', thinkingLevel: 'high' })
  await expectNoViolations(page, 'chat settings')

  // "/" opens the command list; arrows move, Tab completes, the argument hint and its choices follow.
  await composer(page).fill('/')
  const list = page.getByRole('listbox', { name: 'Commands' })
  await expect(list.getByRole('option').first()).toBeVisible()
  await expect(composer(page)).toHaveAttribute('aria-activedescendant', /option-0$/)
  await expectNoViolations(page, 'slash-command menu')
  await composer(page).pressSequentially('verb')
  await expect(list.getByRole('option').first()).toContainText('/verbose')
  await composer(page).press('ArrowDown')
  await composer(page).press('ArrowUp')
  await expect(list.getByRole('option', { selected: true })).toContainText('/verbose [mode]')
  await composer(page).press('Tab')
  await expect(composer(page)).toHaveValue('/verbose ')
  await expect(page.getByText('Arguments: [mode]')).toBeVisible()
  await composer(page).pressSequentially('of')
  await expect(list.getByRole('option', { selected: true })).toHaveText('off')
  await composer(page).press('Enter')
  await expect(composer(page)).toHaveValue('/verbose off')
  await expect(list).toHaveCount(0)
  // Typed in full, Enter sends the command.
  await composer(page).press('Enter')
  await expect(composer(page)).toHaveValue('')
  await expect(messageLog(page).locator('.message-user', { hasText: '/verbose off' })).toHaveCount(1)
  // Escape closes the list without touching the draft.
  await composer(page).fill('/he')
  await expect(list).toBeVisible()
  await composer(page).press('Escape')
  await expect(list).toHaveCount(0)
  await expect(composer(page)).toHaveValue('/he')

  // Tool activity: the agent's exec call as one compact row above the reply, opening on its input and output.
  const output = `tool-out-${Date.now()}`
  await typeAndSend(page, `please run [exec: printf ${output}]`)
  await expect(messageLog(page).locator('.message-reply', { hasText: `Tool result: ${output}` })).toHaveCount(1)
  const activity = messageLog(page).getByRole('list', { name: 'Tool activity' })
  await expect(activity.getByRole('listitem')).toHaveCount(1)
  await expect(activity).toContainText('exec')
  await expect(activity).toContainText('Done')
  await expect(activity).toContainText(`printf ${output}`)
  await expect(activity).toContainText(/\d s/)
  await activity.getByText('exec', { exact: true }).click()
  await expect(activity.getByRole('group')).toContainText('Output')
  await expect(activity.locator('pre').last()).toHaveText(output)
  await expectNoViolations(page, 'tool activity, open')
  // After a reload the row comes from the history (the gateway's tool call and result), still one.
  await page.reload()
  await expect(activity.getByRole('listitem')).toHaveCount(1)
  await expect(activity).toContainText('Done')

  // Times on demand; Copy puts a reply's text on the clipboard.
  await expect(messageLog(page).locator('time')).toHaveCount(0)
  await page.getByRole('button', { name: 'Show times' }).click()
  await expect(page.getByRole('button', { name: 'Show times' })).toHaveAttribute('aria-pressed', 'true')
  await expect(messageLog(page).locator('time').first()).toBeVisible()
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  const reply = messageLog(page).locator('.message-reply', { hasText: `Tool result: ${output}` })
  await reply.getByRole('button', { name: 'Copy' }).click()
  await expect(reply.getByRole('status')).toHaveText('Copied')
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`Tool result: ${output}`)
})
