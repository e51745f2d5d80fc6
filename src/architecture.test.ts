// Layer rules, enforced like a linter would, over every source file of the repository: the protocol,
// pairing and Markdown code run without React, zustand or IndexedDB; the store runs without React; the
// UI reaches the store only; the bench and the demo never load test code. The rules themselves are in
// src/test/importRules.ts, and importRules.test.ts proves each one fires.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
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

  // NOTE: src/sw (the service worker's source) is being created in parallel: until it exists its rule has nothing to judge.
  it('the sw rule judges every file of src/sw once that folder exists', () => {
    const rule = IMPORT_RULES.find((candidate) => candidate.name === 'sw')!
    const judged = files.filter(rule.appliesTo)
    if (existsSync(path.join(repo, 'src/sw'))) expect(judged).toEqual(files.filter((file) => file.startsWith('src/sw/') && !/\.test\.tsx?$/.test(file)))
    else expect(judged).toEqual([])
  })
})
