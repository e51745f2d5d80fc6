// Layer rules, enforced like a linter would, over every source file of the repository: the protocol,
// pairing and Markdown code run without React, zustand or IndexedDB; the store runs without React; the
// UI reaches the store only; the bench and the demo never load test code. The rules themselves are in
// src/test/importRules.ts, and importRules.test.ts proves each one fires.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { IMPORT_RULES, importsOf, violationsOf } from './test/importRules'

const repo = path.resolve(__dirname, '..')
const JUDGED_FOLDERS = ['src', 'e2e', 'scripts', 'harness']

function sourceFiles(folder: string): string[] {
  return readdirSync(path.join(repo, folder), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${folder}/${entry.name}`
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(relative)
    return /\.(?:tsx?|mts)$/.test(entry.name) ? [relative] : []
  })
}

const files = JUDGED_FOLDERS.flatMap(sourceFiles)

describe('architecture', () => {
  it.each(files)('%s breaks no import rule', (file) => {
    expect(violationsOf(file, importsOf(readFileSync(path.join(repo, file), 'utf8'), file))).toEqual([])
  })

  // A rule over a folder that was renamed would judge nothing and pass forever.
  it.each(IMPORT_RULES.filter((rule) => rule.name !== 'sw').map((rule) => [rule.name, rule] as const))('the %s rule has files to judge', (_name, rule) => {
    expect(files.filter(rule.appliesTo).length).toBeGreaterThan(0)
  })

  it('the sw rule judges every file of src/sw', () => {
    const rule = IMPORT_RULES.find((candidate) => candidate.name === 'sw')!
    expect(files.filter(rule.appliesTo)).toEqual(files.filter((file) => file.startsWith('src/sw/') && !/\.test\.tsx?$/.test(file)))
  })

  // Past 400 lines a module does more than one thing; tests and their fakes may be longer.
  const productFiles = files.filter((file) => !file.startsWith('e2e/') && !/\.test\.tsx?$/.test(file) && !file.includes('/testing/'))
  it.each(productFiles)('%s is under 400 lines', (file) => {
    expect(readFileSync(path.join(repo, file), 'utf8').trimEnd().split('\n').length).toBeLessThan(400)
  })
})
