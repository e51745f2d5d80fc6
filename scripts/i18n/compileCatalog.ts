/**
 * The build steps for text (Vite plugins, so the app, vitest and check:size all use them):
 * - poCatalogs: a `.po` import becomes a module of compiled messages, `{ id: parsed ICU tree }`. A
 *   message that does not parse fails the build; an untranslated or fuzzy entry compiles to its
 *   English source, so a catalog is always complete (and the catalogs test fails until it is translated).
 * - stripSourceText (build only): the English in `defineMessages` calls is emptied, because the built
 *   app reads English from its own catalog (src/locales/en): a translated first screen then carries
 *   its catalog instead of its catalog and the English. Dev and tests keep the English in the code.
 */
import ts from 'typescript'
import type { Plugin } from 'vite'
import { parseMessage } from '../../src/i18n/icu'
import { parsePo } from './po'

export function compileCatalog(text: string, file: string): Record<string, unknown> {
  const compiled: Record<string, unknown> = {}
  for (const entry of parsePo(text)) {
    const text = entry.translation && !entry.isFuzzy ? entry.translation : entry.source
    try {
      compiled[entry.id] = parseMessage(text)
    } catch (error) {
      throw new Error(`${file}: message ${entry.id}: ${(error as Error).message}`)
    }
  }
  return compiled
}

/** `defineMessages('part.scope', { key: 'English' })` with every English string replaced by ''. */
export function stripSourceText(code: string, file: string): string | null {
  if (!code.includes('defineMessages(')) return null
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
  const ranges: [number, number][] = []
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'defineMessages') {
      const object = node.arguments[1]
      if (object && ts.isObjectLiteralExpression(object)) {
        for (const property of object.properties) {
          if (ts.isPropertyAssignment(property) && ts.isStringLiteralLike(property.initializer))
            ranges.push([property.initializer.getStart(source), property.initializer.end])
        }
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  if (!ranges.length) return null
  let out = code
  for (const [start, end] of ranges.reverse()) out = `${out.slice(0, start)}''${out.slice(end)}`
  return out
}

export function sourceTextStripper(): Plugin {
  return {
    name: 'strip-source-text',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/.*\.tsx?$/.test(id) || /\.test\.tsx?$/.test(id)) return null
      const stripped = stripSourceText(code, id)
      return stripped === null ? null : { code: stripped, map: null }
    },
  }
}

export function poCatalogs(): Plugin {
  return {
    name: 'po-catalogs',
    transform(code, id) {
      if (!id.endsWith('.po')) return null
      return { code: `export default ${JSON.stringify(compileCatalog(code, id))}`, map: null }
    },
  }
}
