/**
 * Model replies are untrusted: the hostile Markdown corpus goes through the real gateway (the fake
 * model answers with it) and must render inert — no element that runs code, no dangerous link, no
 * dialog, no horizontal overflow — while the page stays usable.
 */
import { HOSTILE_MARKDOWN } from '../src/markdown/testing/hostileCorpus'
import { expect, pairOperator, test } from './fixtures'
import { echoReply } from '../harness/fakeModel'

test('the hostile Markdown corpus from a real reply renders inert', async ({ page, gateway, model }) => {
  // The few 100–250 KB entries (deep nesting, huge words) are rendered one by one in the unit tests;
  // here everything else arrives in one real reply of about 35 KB.
  const corpus = HOSTILE_MARKDOWN.filter((entry) => entry.length <= 25_000).join('\n\n')
  model.setResponder((text) => (text === 'show me everything' ? { chunks: corpus.match(/[\s\S]{1,4000}/g) ?? [] } : echoReply(text)))
  const dialogs: string[] = []
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  try {
    await pairOperator(page, gateway)
    const composer = page.getByRole('textbox', { name: 'Message' })
    await composer.fill('show me everything')
    await composer.press('Enter')
    const reply = page.getByRole('log', { name: 'Messages' }).locator('.message-reply').last()
    await expect(reply).toHaveAttribute('data-state', 'final', { timeout: 60_000 })
    await expect(reply).toContainText('<script>alert(1)</script>')

    const problems = await reply.evaluate((root) => {
      const found: string[] = []
      for (const element of Array.from(root.querySelectorAll('script, iframe, object, embed, svg, style, form, img, math, video, audio, link, meta, base')))
        found.push(`element <${element.tagName.toLowerCase()}>`)
      for (const element of Array.from(root.querySelectorAll('*'))) {
        for (const attribute of Array.from(element.attributes)) if (/^on|^style$|^srcdoc$/i.test(attribute.name)) found.push(`attribute ${attribute.name}`)
        const href = element.getAttribute('href')
        if (href !== null && !/^(https?:|mailto:)/i.test(href)) found.push(`href ${href.slice(0, 40)}`)
        if (element.tagName === 'A' && (element.getAttribute('rel') !== 'noopener noreferrer' || element.getAttribute('target') !== '_blank'))
          found.push('link without rel/target')
      }
      return found
    })
    expect(problems).toEqual([])
    expect(dialogs).toEqual([])
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    const wide = await page.evaluate(() =>
      Array.from(document.querySelectorAll('body *'))
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5)
        .map((element) => `${element.tagName.toLowerCase()}.${element.className}`),
    )
    expect(overflow, `wider than the window: ${wide.join(', ')}`).toBeLessThanOrEqual(0)
    // Still usable after a ~200 KB hostile reply: typing and sending work.
    await composer.fill('still alive?')
    await composer.press('Enter')
    await expect(page.getByRole('log', { name: 'Messages' }).locator('.message-reply').last()).toHaveText('Echo: still alive?')
  } finally {
    model.setResponder(echoReply)
  }
})

test('a 200 KB reply streams in and the page stays usable', async ({ page, gateway, model }) => {
  const paragraph = 'Lorem **ipsum** dolor sit amet, `consectetur` adipiscing elit, sed do eiusmod tempor incididunt ut labore. '
  const big = Array.from({ length: 2000 }, (_, index) => (index % 40 === 0 ? `\n\n## Part ${index / 40}\n\n` : '') + paragraph).join('')
  model.setResponder((text) => (text === 'a long answer please' ? { chunks: big.match(/[\s\S]{1,2000}/g) ?? [] } : echoReply(text)))
  try {
    await pairOperator(page, gateway)
    const composer = page.getByRole('textbox', { name: 'Message' })
    await composer.fill('a long answer please')
    await composer.press('Enter')
    const reply = page.getByRole('log', { name: 'Messages' }).locator('.message-reply').last()
    await expect(reply).toHaveAttribute('data-state', 'final', { timeout: 60_000 })
    await expect(reply.getByRole('heading', { name: 'Part 49' })).toBeVisible()
    expect(big.length).toBeGreaterThan(200_000)
    // The page is not frozen: the composer takes typing at once.
    await composer.pressSequentially('and after that?')
    await expect(composer).toHaveValue('and after that?', { timeout: 2_000 })
  } finally {
    model.setResponder(echoReply)
  }
})
