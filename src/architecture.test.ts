// Layer rules, enforced like a linter would: the protocol and pairing code run without React,
// zustand or IndexedDB; the store runs without React; the UI reaches the store only.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(__dirname)

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) return sourceFiles(full)
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : []
  })
}

function importsOf(file: string): string[] {
  const code = readFileSync(file, 'utf8')
  return [...code.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((match) => match[1]!)
}

const rules: Array<{ layer: string; forbidden: RegExp; why: string }> = [
  { layer: 'gateway', forbidden: /^(react|react-dom|zustand|idb-keyval)(\/|$)|^\.\.\/(store|pairing|ui)(\/|$)/, why: 'the protocol client is framework-free' },
  { layer: 'pairing', forbidden: /^(react|react-dom|zustand|idb-keyval)(\/|$)|^\.\.\/(store|gateway|ui)(\/|$)/, why: 'pairing only parses and scans' },
  { layer: 'store', forbidden: /^(react|react-dom)(\/|$)|^\.\.\/ui(\/|$)/, why: 'the store runs without React' },
  { layer: 'ui', forbidden: /^idb-keyval|^(\.\.\/)+gateway\/(?!index)|^(\.\.\/)+store\/(?!index)|^(\.\.\/)+pairing(\/index)?$/, why: 'the UI talks to the store (and lazily to pairing/scanner)' },
]

describe('architecture', () => {
  for (const { layer, forbidden, why } of rules) {
    const files = sourceFiles(path.join(root, layer))
    it(`${layer} has files to check`, () => expect(files.length).toBeGreaterThan(0))
    it.each(files.map((file) => [path.relative(root, file), file]))(`%s respects the ${layer} rule (${why})`, (_name, file) => {
      for (const specifier of importsOf(file)) expect(specifier).not.toMatch(forbidden)
    })
  }

  it('the UI imports gateway only for types', () => {
    for (const file of sourceFiles(path.join(root, 'ui'))) {
      const code = readFileSync(file, 'utf8')
      expect(code).not.toMatch(/import\s+\{[^}]*\}\s+from\s+['"](\.\.\/)+gateway['"]/)
    }
  })
})
