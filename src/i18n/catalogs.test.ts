import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { compileCatalog, stripSourceText } from '../../scripts/i18n/compileCatalog'
import { catalogPath, readCatalog, sourceMessages, TRANSLATED_LOCALES, updatedEntries } from '../../scripts/i18n/extract'
import { parsePo, writePo } from '../../scripts/i18n/po'
import { argumentNames, parseMessage } from './icu'

const byPart = await sourceMessages()

describe('catalogs', () => {
  it('the English catalogs are the code’s messages (npm run i18n:extract has run)', async () => {
    for (const [part, messages] of byPart) {
      const english = await readCatalog('en', part)
      expect(
        english.map((entry) => [entry.id, entry.source]),
        part,
      ).toEqual(messages.map((message) => [message.id, message.english]))
    }
  })

  it('every English message parses', () => {
    for (const messages of byPart.values()) for (const message of messages) expect(() => parseMessage(message.english), message.id).not.toThrow()
  })

  it.each(TRANSLATED_LOCALES)('%s has every message, translated from the current English, with the same placeholders', async (locale) => {
    const problems: string[] = []
    for (const [part, messages] of byPart) {
      const entries = new Map((await readCatalog(locale, part)).map((entry) => [entry.id, entry]))
      for (const message of messages) {
        const entry = entries.get(message.id)
        const where = `${locale}/${part}.po ${message.id}`
        if (!entry?.translation) problems.push(`${where}: missing`)
        else if (entry.isFuzzy || entry.source !== message.english) problems.push(`${where}: translated from older English`)
        else {
          const expected = [...argumentNames(parseMessage(message.english))].sort()
          const actual = [...argumentNames(parseMessage(entry.translation))].sort()
          if (expected.join() !== actual.join()) problems.push(`${where}: placeholders ${actual.join()} instead of ${expected.join()}`)
        }
      }
      compileCatalog(await readFile(catalogPath(locale, part), 'utf8'), where(locale, part))
    }
    expect(problems).toEqual([])
  })
})

const where = (locale: string, part: string) => `${locale}/${part}.po`

describe('the .po round trip and the extractor', () => {
  it('writes and reads back entries, with quotes, newlines and fuzzy marks', () => {
    const entries = [
      { id: 'a.b', source: 'Say "hi"\nthen go', translation: 'Sag „hi“\ndann geh', comments: ['#: src/x.tsx'], isFuzzy: false },
      { id: 'a.c', source: 'Old', translation: 'Alt', comments: [], isFuzzy: true },
    ]
    expect(parsePo(writePo('header', entries))).toEqual(entries)
  })

  it('strips the English from defineMessages for the build, and nothing else', () => {
    const code = "const TEXT = defineMessages('chat.x', { send: 'Send', sent: `Sent` })\nconst other = 'kept'"
    expect(stripSourceText(code, 'x.ts')).toBe("const TEXT = defineMessages('chat.x', { send: '', sent: '' })\nconst other = 'kept'")
    expect(stripSourceText("const other = 'kept'", 'x.ts')).toBeNull()
  })

  it('keeps a translation, marks it fuzzy when its English changed, adds new messages empty and drops removed ones', () => {
    const current = parsePo(
      writePo('h', [
        { id: 's.kept', source: 'Same', translation: 'Gleich', comments: [], isFuzzy: false },
        { id: 's.changed', source: 'Before', translation: 'Vorher', comments: [], isFuzzy: false },
        { id: 's.removed', source: 'Gone', translation: 'Weg', comments: [], isFuzzy: false },
      ]),
    )
    const messages = [
      { part: 'shell', id: 's.kept', english: 'Same', file: 'f.tsx' },
      { part: 'shell', id: 's.changed', english: 'After', file: 'f.tsx' },
      { part: 'shell', id: 's.new', english: 'New', file: 'f.tsx' },
    ]
    expect(updatedEntries('de', messages, current).map(({ id, translation, isFuzzy }) => [id, translation, isFuzzy])).toEqual([
      ['s.kept', 'Gleich', false],
      ['s.changed', 'Vorher', true],
      ['s.new', '', false],
    ])
  })

  it('compiles a translation, and the English source where the translation is missing or fuzzy', () => {
    const po = writePo('h', [
      { id: 'x.ok', source: 'Hi {name}', translation: 'Hallo {name}', comments: [], isFuzzy: false },
      { id: 'x.fuzzy', source: 'A', translation: 'B', comments: [], isFuzzy: true },
      { id: 'x.empty', source: 'C', translation: '', comments: [], isFuzzy: false },
    ])
    expect(compileCatalog(po, 'test.po')).toEqual({ 'x.ok': ['Hallo ', ['name']], 'x.fuzzy': ['A'], 'x.empty': ['C'] })
    expect(() => compileCatalog(po.replace('Hallo {name}', 'Hallo {name'), 'test.po')).toThrow(/test.po: message x.ok/)
  })
})
