/**
 * `npm run i18n:extract`: finds every `defineMessages('part.scope', { key: 'English' })` in src/ and
 * brings the catalogs in line: src/locales/en/<part>.po is the English source (for translators), and
 * each other locale's <part>.po keeps its translations, gains new messages with an empty msgstr, marks
 * a translation fuzzy when its English changed (kept for the translator, never shown) and drops
 * messages no longer in the code. `--check` writes nothing and fails when a catalog is out of date.
 */
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import ts from 'typescript'
import { LOCALES, PSEUDO_LOCALE } from '../../src/i18n/locales'
import { type PoEntry, parsePo, writePo } from './po'

export type SourceMessage = { part: string; id: string; english: string; file: string }

const ROOT = path.resolve(import.meta.dirname, '../..')
export const LOCALES_DIR = path.join(ROOT, 'src/locales')
/** Locales with a catalog: all but English (the source) and the pseudo-locale (made from English at runtime). */
export const TRANSLATED_LOCALES = Object.keys(LOCALES).filter((locale) => locale !== 'en' && locale !== PSEUDO_LOCALE)

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.parentPath.includes('/testing'))
    .map((entry) => path.join(entry.parentPath, entry.name))
}

/** The messages one file declares. */
export function messagesIn(code: string, file: string): SourceMessage[] {
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, false, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
  const found: SourceMessage[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'defineMessages') {
      const [where, object] = node.arguments
      if (!where || !ts.isStringLiteral(where) || !object || !ts.isObjectLiteralExpression(object)) {
        throw new Error(`${file}: defineMessages needs a literal 'part.scope' and an object literal`)
      }
      const [part, ...scope] = where.text.split('.')
      for (const property of object.properties) {
        if (!ts.isPropertyAssignment(property) || !ts.isStringLiteralLike(property.initializer)) {
          throw new Error(`${file}: every message in defineMessages('${where.text}') must be a plain string (not computed)`)
        }
        const key = ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) ? property.name.text : property.name.getText(source)
        found.push({ part: part!, id: `${scope.join('.')}.${key}`, english: property.initializer.text, file })
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

/** Every message in the app, by part, in source order; fails on an id used twice in a part. */
export async function sourceMessages(): Promise<Map<string, SourceMessage[]>> {
  const byPart = new Map<string, SourceMessage[]>()
  for (const file of (await sourceFiles(path.join(ROOT, 'src'))).sort()) {
    const relative = path.relative(ROOT, file)
    for (const message of messagesIn(await readFile(file, 'utf8'), relative)) {
      const list = byPart.get(message.part) ?? []
      const twin = list.find((other) => other.id === message.id)
      if (twin) throw new Error(`Message id ${message.part}/${message.id} is declared twice (${twin.file}, ${message.file})`)
      list.push(message)
      byPart.set(message.part, list)
    }
  }
  return byPart
}

export const catalogPath = (locale: string, part: string) => path.join(LOCALES_DIR, locale, `${part}.po`)

export async function readCatalog(locale: string, part: string): Promise<PoEntry[]> {
  try {
    return parsePo(await readFile(catalogPath(locale, part), 'utf8'))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}

/** The catalog a locale should have for a part, given the code's messages and its current catalog. */
export function updatedEntries(locale: string, messages: SourceMessage[], current: PoEntry[]): PoEntry[] {
  const byId = new Map(current.map((entry) => [entry.id, entry]))
  return messages.map((message) => {
    const comments = [`#: ${message.file}`]
    if (locale === 'en') return { id: message.id, source: message.english, translation: message.english, comments, isFuzzy: false }
    const existing = byId.get(message.id)
    if (!existing) return { id: message.id, source: message.english, translation: '', comments, isFuzzy: false }
    const isChanged = existing.source !== message.english
    return {
      id: message.id,
      source: message.english,
      translation: existing.translation,
      comments,
      isFuzzy: existing.isFuzzy || (isChanged && existing.translation !== ''),
    }
  })
}

const header = (locale: string, part: string) =>
  `${LOCALES[locale as keyof typeof LOCALES]?.name ?? locale} (${locale}): the "${part}" part of the app.\nUpdated by npm run i18n:extract from the code's defineMessages calls; translate msgstr only, keep {placeholders}.`

async function main(): Promise<void> {
  const isCheck = process.argv.includes('--check')
  const byPart = await sourceMessages()
  const stale: string[] = []
  for (const locale of ['en', ...TRANSLATED_LOCALES]) {
    for (const [part, messages] of byPart) {
      const file = catalogPath(locale, part)
      const current = await readCatalog(locale, part)
      const next = writePo(header(locale, part), updatedEntries(locale, messages, current))
      const before = await readFile(file, 'utf8').catch(() => '')
      if (before === next) continue
      stale.push(path.relative(ROOT, file))
      if (!isCheck) {
        await mkdir(path.dirname(file), { recursive: true })
        await writeFile(file, next)
      }
    }
  }
  const count = [...byPart.values()].reduce((sum, list) => sum + list.length, 0)
  if (isCheck && stale.length) {
    console.error(`Catalogs out of date (run npm run i18n:extract):\n  ${stale.join('\n  ')}`)
    process.exitCode = 1
    return
  }
  console.log(`${count} messages in ${byPart.size} parts; ${stale.length} catalog file(s) ${isCheck ? 'stale' : 'updated'}.`)
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
