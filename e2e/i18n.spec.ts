/**
 * The app in the user's language, against the real gateway (issue 25's acceptance):
 * - Chromium set to German and to Japanese (Playwright `locale`, which sets navigator.languages, plus
 *   the Accept-Language header): onboarding, the setup-code error, the confirm and waiting screens, a
 *   rejected pairing's problem screen and the chat show no English UI text (every English message of
 *   the catalogs is looked for in the visible text and the accessible names; commands, setup codes,
 *   gateway names and messages are marked translate="no" or are the conversation, and are left out);
 * - a language chosen in the app is remembered across a reload, over the browser's;
 * - the pseudo-locale (?locale=en-XA, accented and ~40 % longer) at 360×740, light and dark: nothing
 *   cut off and no sideways scrolling on any screen (e2e/layout.ts), screenshots attached to look at;
 * - right-to-left: with <html dir="rtl"> the layout mirrors (the CSS is logical, logicalCss.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import type { TestGateway } from '../harness/testGateway'
import { parsePo } from '../scripts/i18n/po'
import { pseudoize } from '../src/i18n/pseudo'
import { expect, test } from './fixtures'
import { layoutProblems } from './layout'

const LOCALES_DIR = path.resolve(import.meta.dirname, '../src/locales')

/** A locale's catalogs, by message id `<part>.<scope>.<key>` (the part is the .po file's name). */
function catalog(locale: string): Map<string, string> {
  return new Map(
    readdirSync(path.join(LOCALES_DIR, locale)).flatMap((file) =>
      parsePo(readFileSync(path.join(LOCALES_DIR, locale, file), 'utf8')).map((entry) => [`${file.replace(/\.po$/, '')}.${entry.id}`, entry.translation]),
    ),
  )
}
const ENGLISH = catalog('en')

/** A message's text in a locale, read from its catalog (throws on an unknown id, so a renamed message fails loudly). */
function textOf(messages: Map<string, string>, id: string): string {
  const text = messages.get(id)
  if (text === undefined) throw new Error(`no message ${id}`)
  return text
}

/**
 * The parts of an English message that show as they are: the text outside its {placeholders} (plural
 * and select branches left out), cut at each placeholder. `Connected via {url}.` → `Connected via`.
 */
function literalFragments(message: string): string[] {
  const fragments = ['']
  let depth = 0
  for (const char of message) {
    if (char === '{') {
      if (depth === 0) fragments.push('')
      depth++
    } else if (char === '}') depth--
    else if (depth === 0) fragments[fragments.length - 1] += char
  }
  return fragments.map((fragment) => fragment.trim()).filter(Boolean)
}

/**
 * What English would look like on screen if a message were not translated: every English message that
 * the locale words differently, as a whole (one-word labels such as "Send" must be a whole text or name)
 * or, for sentences, any clause of two words or more found inside a text.
 */
function englishTells(locale: string): { whole: Set<string>; phrases: string[] } {
  const translated = catalog(locale)
  const whole = new Set<string>()
  const phrases = new Set<string>()
  for (const [id, english] of ENGLISH) {
    if (translated.get(id) === english) continue // Words the locale keeps, such as "Gateway" or "OpenClaw".
    for (const fragment of literalFragments(english)) {
      // A fragment with no letter ("·" between two placeholders) is no language: it appears on every screen.
      if (!/\p{L}/u.test(fragment)) continue
      whole.add(fragment)
      // Clause by clause, so a half-translated sentence shows too.
      for (const clause of fragment.split(/[.,;:!?()…]+/)) if (/\p{L}{2,}\s+\p{L}{2,}/u.test(clause)) phrases.add(clause.trim())
    }
  }
  return { whole, phrases: [...phrases] }
}

/**
 * Everything a user can read or hear, less what is never translated: visible and screen-reader text
 * (one entry per text node) and the accessible names and hints, skipping translate="no" (commands,
 * setup codes, ids), the conversation (messages and replies) and gateway names.
 */
const shownTexts = (page: Page) =>
  page.evaluate(() => {
    const untranslated = '[translate="no"], .message, .gateway-name, .status-gateway, option'
    const texts: string[] = [document.title]
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement
      if (!parent || parent.closest(untranslated) || !parent.checkVisibility()) continue
      if (node.textContent?.trim()) texts.push(node.textContent.trim())
    }
    for (const element of document.body.querySelectorAll('[aria-label], [placeholder], [title], [alt], [aria-description]')) {
      if (element.closest(untranslated) || !element.checkVisibility()) continue
      for (const name of ['aria-label', 'placeholder', 'title', 'alt', 'aria-description']) {
        const value = element.getAttribute(name)?.trim()
        if (value) texts.push(value)
      }
    }
    return texts
  })

/** The English UI text on the page: a message shown whole, or a sentence's literal phrase inside any text. */
async function englishOnScreen(page: Page, locale: string): Promise<string[]> {
  const tells = englishTells(locale)
  const texts = await shownTexts(page)
  const leaks = new Set<string>()
  for (const text of texts) {
    if (tells.whole.has(text)) leaks.add(text)
    for (const phrase of tells.phrases) if (text.includes(phrase)) leaks.add(`${phrase} (in "${text}")`)
  }
  return [...leaks]
}

async function expectNoEnglish(page: Page, locale: string, screen: string): Promise<void> {
  // The screen's text first settles in the locale (a lazy screen fetches its catalog part with its code).
  expect(await englishOnScreen(page, locale), `English on the ${screen} screen in ${locale}`).toEqual([])
}

async function requestIdOnScreen(page: Page): Promise<string> {
  const command = await page.locator('.command code').first().textContent()
  const requestId = command?.match(/openclaw devices approve (\S+)/)?.[1]
  if (!requestId) throw new Error(`no approve command on screen: ${command}`)
  return requestId
}

/** Per browser language: its tags, and a few of its words written out, so a wrong translation fails too. */
const BROWSERS = [
  {
    locale: 'de',
    browser: 'de-DE',
    acceptLanguage: 'de-DE,de;q=0.9',
    title: 'Mit deinem OpenClaw-Gateway koppeln',
    status: 'Verbindungsstatus',
    send: 'Senden',
  },
  { locale: 'ja', browser: 'ja-JP', acceptLanguage: 'ja-JP,ja;q=0.9', title: 'OpenClaw ゲートウェイとペアリング', status: '接続状態', send: '送信' },
] as const

for (const language of BROWSERS) {
  test.describe(`browser language ${language.browser}`, () => {
    test.use({ locale: language.browser, extraHTTPHeaders: { 'Accept-Language': language.acceptLanguage } })
    const words = catalog(language.locale)
    const say = (id: string) => textOf(words, id)
    const status = (page: Page) => page.getByRole('status', { name: language.status })

    async function pasteAndConfirm(page: Page, gateway: TestGateway): Promise<void> {
      await page.getByRole('button', { name: say('onboarding.welcome.paste') }).click()
      await page.getByRole('textbox', { name: say('onboarding.paste.label'), exact: true }).fill((await gateway.setupCode()).setupCode)
      await page.getByRole('button', { name: say('onboarding.paste.continue') }).click()
      await expect(page.getByRole('heading', { name: say('onboarding.confirm.title') })).toBeVisible()
      await expectNoEnglish(page, language.locale, 'confirm')
      await page.getByRole('radio', { name: say('onboarding.confirm.chatRole') }).check()
      await page.getByRole('button', { name: say('onboarding.confirm.connect'), exact: true }).click()
      await expect(status(page)).toContainText(say('shell.status.waiting'))
      await expect(page.getByRole('heading', { name: say('problems.waiting.title') })).toBeVisible()
    }

    test('onboarding, its errors, approval and the chat are all in the browser’s language', async ({ page, gateway }) => {
      await page.goto('/')
      await expect(page.locator('html')).toHaveAttribute('lang', language.locale)
      await expect(page.getByRole('heading', { name: language.title })).toBeVisible()
      await expect(page.getByRole('combobox', { name: say('shell.language.label') })).toHaveValue(language.locale)
      await expectNoEnglish(page, language.locale, 'welcome')

      await page.getByRole('button', { name: say('onboarding.welcome.paste') }).click()
      await page.getByRole('textbox', { name: say('onboarding.paste.label'), exact: true }).fill('hello')
      await page.getByRole('button', { name: say('onboarding.paste.continue') }).click()
      await expect(page.getByRole('alert')).toBeVisible()
      await expectNoEnglish(page, language.locale, 'setup code error')
      await page.goto('/')

      await expect(page.getByRole('heading', { name: language.title })).toBeVisible()
      await pasteAndConfirm(page, gateway)
      await expectNoEnglish(page, language.locale, 'waiting for approval')
      await gateway.approve(await requestIdOnScreen(page))

      await expect(status(page)).toContainText(say('shell.status.connected'))
      const composer = page.getByRole('textbox', { name: say('chat.composer.message') })
      await composer.fill('hallo')
      await page.getByRole('button', { name: language.send }).click()
      const log = page.getByRole('log', { name: say('chat.transcript.messages') })
      await expect(log.locator('.message-reply').last()).toHaveText('Echo: hallo', { timeout: 60_000 })
      await expect(log.locator('.message-user').last()).toHaveAttribute('data-state', 'answered')
      // The gateway gives the main session no name: the app names it, in the user's language.
      const sessions = page.getByRole('navigation', { name: say('sessions.nav.sessions') })
      await expect(sessions.getByRole('button', { name: say('sessions.names.mainChat') })).toBeVisible()
      await expectNoEnglish(page, language.locale, 'chat')
    })

    test('a rejected pairing’s problem screen is in the browser’s language', async ({ page, gateway }) => {
      await page.goto('/')
      await pasteAndConfirm(page, gateway)
      await gateway.reject(await requestIdOnScreen(page))
      await expect(status(page)).toContainText(say('shell.status.needsUser'), { timeout: 30_000 })
      await expect(page.locator('[data-problem]').getByRole('heading')).toBeVisible()
      await expect(page.getByRole('button', { name: say('problems.panel.scanNew') })).toBeVisible()
      await expectNoEnglish(page, language.locale, 'pairing problem')
    })
  })
}

test.describe('a language chosen in the app', () => {
  test.use({ locale: 'de-DE', extraHTTPHeaders: { 'Accept-Language': 'de-DE,de;q=0.9' } })

  test('is remembered across a reload, over the browser’s language', async ({ page }) => {
    const german = catalog('de')
    const japanese = catalog('ja')
    await page.goto('/')
    await expect(page.getByRole('heading', { name: textOf(german, 'onboarding.welcome.title') })).toBeVisible()
    await page.getByRole('combobox', { name: textOf(german, 'shell.language.label') }).selectOption({ label: '日本語' })
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja')
    await expect(page.getByRole('heading', { name: textOf(japanese, 'onboarding.welcome.title') })).toBeVisible()

    await page.reload()
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja')
    await expect(page.getByRole('heading', { name: textOf(japanese, 'onboarding.welcome.title') })).toBeVisible()
    await expect(page.getByRole('combobox', { name: textOf(japanese, 'shell.language.label') })).toHaveValue('ja')
    await expectNoEnglish(page, 'ja', 'welcome after a reload')
  })
})

/** A role/name locator's name in the pseudo-locale: the English accented, between ⟦ and the padding. */
const pseudoName = (english: string) => new RegExp(`^⟦${pseudoize(english).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)
const en = (id: string) => textOf(ENGLISH, id)

test.describe('the pseudo-locale at 360×740', () => {
  test.use({ viewport: { width: 360, height: 740 } })

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`nothing is cut off on onboarding, the setup-code error, the chat and the gateway list (${colorScheme})`, async ({ page, gateway }, testInfo) => {
      await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' })
      const check = async (screen: string) => {
        expect(await layoutProblems(page), `${screen} in the pseudo-locale, ${colorScheme}`).toEqual([])
        const file = testInfo.outputPath(`pseudo-${screen}-${colorScheme}.png`)
        await page.screenshot({ path: file, fullPage: true })
        await testInfo.attach(`${screen} (${colorScheme})`, { path: file, contentType: 'image/png' })
      }
      await page.goto('/?locale=en-XA')
      await expect(page.locator('html')).toHaveAttribute('lang', 'en-XA')
      await expect(page.getByRole('heading', { name: pseudoName(en('onboarding.welcome.title')) })).toBeVisible()
      await check('welcome')

      await page.getByRole('button', { name: pseudoName(en('onboarding.welcome.paste')) }).click()
      const setupCode = page.getByRole('textbox', { name: pseudoName(en('onboarding.paste.label')) })
      await setupCode.fill('hello')
      await page.getByRole('button', { name: pseudoName(en('onboarding.paste.continue')) }).click()
      await expect(page.getByRole('alert')).toBeVisible()
      await check('paste-error')

      await setupCode.fill((await gateway.setupCode()).setupCode)
      await page.getByRole('button', { name: pseudoName(en('onboarding.paste.continue')) }).click()
      await expect(page.getByRole('heading', { name: pseudoName(en('onboarding.confirm.title')) })).toBeVisible()
      await check('confirm')

      await page.getByRole('button', { name: pseudoName(en('onboarding.confirm.connect')) }).click()
      await expect(page.getByRole('heading', { name: pseudoName(en('problems.waiting.title')) })).toBeVisible()
      await check('waiting')

      await gateway.approve(await requestIdOnScreen(page))
      const status = page.getByRole('status', { name: pseudoName(en('shell.statusRegion.region')) })
      await expect(status).toContainText(pseudoize(en('shell.status.connected')))
      const composer = page.getByRole('textbox', { name: pseudoName(en('chat.composer.message')) })
      await composer.fill('hello')
      await composer.press('Enter')
      const log = page.getByRole('log', { name: pseudoName(en('chat.transcript.messages')) })
      await expect(log.locator('.message-reply').last()).toHaveText('Echo: hello', { timeout: 60_000 })
      await expect(log.locator('.message-user').last()).toHaveAttribute('data-state', 'answered')
      await check('chat')

      // On a phone the saved gateways and the language picker take the chat's place behind the header's toggle.
      await page.getByRole('button', { name: pseudoName(en('shell.app.gateways')) }).click()
      await expect(page.getByRole('combobox', { name: pseudoName(en('shell.language.label')) })).toBeVisible()
      await check('gateways')
    })
  }
})

test('right-to-left: with <html dir="rtl"> the header and the error banner mirror', async ({ page }) => {
  await page.goto('/')
  await page.getByRole('button', { name: 'Paste setup code' }).click()
  await page.getByRole('textbox', { name: 'Setup code' }).fill('hello')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  // No shipped locale is right-to-left yet; one would set this from LOCALES[locale].dir (i18n/runtime.ts).
  await page.evaluate(() => {
    document.documentElement.dir = 'rtl'
  })
  const layout = await page.evaluate(() => {
    const box = (selector: string) => document.querySelector(selector)!.getBoundingClientRect()
    const error = getComputedStyle(document.querySelector('.error')!)
    return {
      titleRight: box('.app-title').right,
      pickerRight: box('.language').right,
      headerRight: box('.app-header').right,
      errorBorder: { left: error.borderLeftWidth, right: error.borderRightWidth },
      sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    }
  })
  // The title starts the header on the right, the language picker ends it on the left.
  expect(layout.titleRight).toBeCloseTo(layout.headerRight, 0)
  expect(layout.pickerRight).toBeLessThan(layout.titleRight)
  // The error's accent border is on its start side, now the right.
  expect(layout.errorBorder).toEqual({ left: '0px', right: '4px' })
  expect(layout.sideways).toBe(0)
})
