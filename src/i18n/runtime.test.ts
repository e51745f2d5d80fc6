// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest'
import { argumentNames, parseMessage } from './icu'
import { matchLocale } from './locales'
import { defineMessages, loadPart, setLocale, translate, translateParts } from './runtime'

const TEXT = defineMessages('shell.runtimeTest', {
  plain: 'Hello',
  named: 'Connecting to {gateway}…',
  count: '{count, plural, =0 {No messages} one {# message} other {# messages}}',
  role: '{role, select, node {Node} other {Chat}} on {gateway}',
  nested: '{n, plural, one {{who} sent # photo} other {{who} sent # photos}}',
})

afterEach(() => setLocale('en'))

describe('messages', () => {
  it('formats arguments, plurals (with =N and #) and select', () => {
    expect(translate(TEXT, 'plain')).toBe('Hello')
    expect(translate(TEXT, 'named', { gateway: 'home' })).toBe('Connecting to home…')
    expect([0, 1, 2].map((count) => translate(TEXT, 'count', { count }))).toEqual(['No messages', '1 message', '2 messages'])
    expect(translate(TEXT, 'role', { role: 'node', gateway: 'lab' })).toBe('Node on lab')
    expect(translate(TEXT, 'role', { role: 'operator', gateway: 'lab' })).toBe('Chat on lab')
    expect(translate(TEXT, 'nested', { n: 3, who: 'Ana' })).toBe('Ana sent 3 photos')
  })

  it('keeps a non-text value (a React element) as a part of its own', () => {
    const element = { type: 'code' }
    expect(translateParts(TEXT, 'named', { gateway: element })).toEqual(['Connecting to ', element, '…'])
  })

  it('refuses a message that does not parse, and names its arguments', () => {
    expect(() => parseMessage('Hello {name')).toThrow(/Expected/)
    expect(() => parseMessage('{n, plural, one {x}}')).toThrow(/other/)
    expect(() => parseMessage('{n, date}')).toThrow(/Unsupported/)
    expect([...argumentNames(parseMessage('{a} {n, plural, one {{b}} other {#}}'))]).toEqual(['a', 'n', 'b'])
  })

  it('formats numbers in the active locale and sets <html lang dir>', async () => {
    await loadPart('shell')
    await setLocale('en-XA')
    expect(document.documentElement.lang).toBe('en-XA')
    expect(document.documentElement.dir).toBe('ltr')
  })

  it('shows the pseudo-locale accented, bracketed and ~40 % longer, with arguments untouched', async () => {
    await setLocale('en-XA')
    const text = translate(TEXT, 'named', { gateway: 'home' })
    expect(text.startsWith('⟦Çöññéçţîñĝ ţö home…')).toBe(true)
    expect(text.endsWith('⟧')).toBe(true)
    const english = 'Connecting to home…'
    expect(text.length).toBeGreaterThanOrEqual(Math.round(english.length * 1.3))
  })
})

describe('matchLocale', () => {
  it('takes the first browser language the app speaks, by tag then by language, else English', () => {
    expect(matchLocale(['en-GB'])).toBe('en')
    expect(matchLocale(['xx', 'en-US'])).toBe('en')
    expect(matchLocale([])).toBe('en')
    expect(matchLocale(['en-XA'])).toBe('en')
  })
})
