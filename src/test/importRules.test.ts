import { describe, expect, it } from 'vitest'
import { brokenRules, IMPORT_RULES, importsOf, resolveImport, violationsOf } from './importRules'

/**
 * The guard is proven like any other code: each row is one import (file, specifier, `import type` or
 * not) and the rules it must break. Every rule has rows that break it and rows it must let through.
 */
type Row = [file: string, specifier: string, typeOnly: boolean, broken: string[]]

const BREAKING: Row[] = [
  // gateway: no framework, no other layer, at any depth, types included (pairing ↔ gateway is cut both ways).
  ['src/gateway/node/handlers.ts', '../../store', false, ['gateway']],
  ['src/gateway/client.ts', '../store/chatSlice', false, ['gateway']],
  ['src/gateway/node/deep/x.ts', '../../../ui/App', false, ['gateway']],
  ['src/gateway/node/camera.ts', '../../pairing', false, ['gateway']],
  ['src/gateway/client.ts', '../pairing/setupCode', true, ['gateway']],
  ['src/gateway/client.ts', 'react', false, ['gateway']],
  ['src/gateway/client.ts', 'react-dom/client', false, ['gateway']],
  ['src/gateway/client.ts', 'zustand/vanilla', false, ['gateway']],
  ['src/gateway/node/notify.ts', 'idb-keyval', false, ['gateway']],
  // pairing
  ['src/pairing/setupCode.ts', '../gateway', false, ['pairing']],
  ['src/pairing/setupCode.ts', '../gateway/protocol', true, ['pairing']],
  ['src/pairing/deep/x.ts', '../../store', false, ['pairing']],
  ['src/pairing/scanner.ts', '../ui/onboarding/ScanPanel', false, ['pairing']],
  ['src/pairing/scanner.ts', 'zustand', false, ['pairing']],
  ['src/pairing/scanner.ts', 'react', true, ['pairing']],
  ['src/pairing/scanner.ts', 'idb-keyval', false, ['pairing']],
  // store: zustand's root entry is the React binding; only zustand/vanilla is framework-free.
  ['src/store/store.ts', 'zustand', false, ['store']],
  ['src/store/store.ts', 'zustand', true, ['store']],
  ['src/store/chatSlice.ts', 'zustand/react/shallow', false, ['store']],
  ['src/store/chatSlice.ts', 'react', false, ['store']],
  ['src/store/chatSlice.ts', 'react-dom', false, ['store']],
  ['src/store/deep/x.ts', '../../ui/useApp', false, ['store']],
  // ui: the store and the gateway through their index only, the gateway for types only, no IndexedDB.
  ['src/ui/chat/markdown/CodeBlock.tsx', '../../../store/chatSlice', false, ['ui']],
  ['src/ui/App.tsx', '../store/selectors', true, ['ui']],
  ['src/ui/status/ProblemPanel.tsx', '../../gateway/failure', true, ['ui']],
  ['src/ui/GatewayList.tsx', '../gateway', false, ['ui']],
  ['src/ui/node/deep/x.tsx', '../../../gateway/index', false, ['ui']],
  ['src/ui/onboarding/ScanPanel.tsx', '../../pairing', false, ['ui']],
  ['src/ui/onboarding/ScanPanel.tsx', '../../pairing/index', false, ['ui']],
  ['src/ui/App.tsx', 'idb-keyval', false, ['ui']],
  ['src/ui/chat/markdown/Markdown.tsx', '../../../markdown/parseBlocks', false, ['ui']],
  // sw: no React, no zustand, no app store, no UI (whether or not src/sw exists yet).
  ['src/sw/sw.ts', 'react', false, ['sw']],
  ['src/sw/sw.ts', 'react-dom', false, ['sw']],
  ['src/sw/push/x.ts', 'zustand/vanilla', false, ['sw']],
  ['src/sw/push/x.ts', '../../ui/pwa/serviceWorker', false, ['sw']],
  ['src/sw/sw.ts', '../store', false, ['sw']],
  // markdown: framework-free, and nothing from the app.
  ['src/markdown/parseInlines.ts', 'react', true, ['markdown']],
  ['src/markdown/parseInlines.ts', 'zustand', false, ['markdown']],
  ['src/markdown/parseInlines.ts', 'idb-keyval', false, ['markdown']],
  ['src/markdown/parseInlines.ts', '../store', false, ['markdown']],
  ['src/markdown/deep/x.ts', '../../ui/chat/markdown/renderBlocks', false, ['markdown']],
  ['src/markdown/parseInlines.ts', '../gateway', true, ['markdown']],
  // i18n: framework-free, nothing from the app but its catalogs; the UI through its index.
  ['src/i18n/runtime.ts', 'react', false, ['i18n']],
  ['src/i18n/runtime.ts', '../store', false, ['i18n']],
  ['src/ui/App.tsx', '../i18n/runtime', false, ['ui-i18n']],
  // integration tests: never store internals.
  ['e2e/integration/gatewayClient.test.ts', '../../src/store/chatSlice', false, ['integration']],
  ['e2e/integration/support.ts', '../../src/store/testing/storeTestkit', false, ['integration']],
  // test code: never from production, the bench and the demo included.
  ['scripts/bench/floorClient.ts', 'vitest', false, ['test-code']],
  ['scripts/bench/floorClient.ts', '@vitest/expect', true, ['test-code']],
  ['scripts/bench/index.ts', '../../e2e/fixtures', false, ['test-code']],
  ['scripts/makeIcons.ts', '../e2e/browser', false, ['test-code']],
  ['scripts/bench/floorClient.ts', '../../src/gateway/testing/fakeGateway', false, ['test-code']],
  ['scripts/bench/report.ts', './reconnectRatios.test', false, ['test-code']],
  ['scripts/demo.ts', '../src/store/chatSlice.test.ts', false, ['test-code']],
  ['harness/testGateway.ts', '../e2e/fixtures', false, ['test-code']],
  ['src/store/chatSlice.ts', './testing/storeTestkit', false, ['test-code']],
  ['src/gateway/client.ts', './testing/fakeGateway', true, ['test-code']],
  ['src/gateway/client.ts', 'vitest', false, ['test-code']],
  ['src/main.tsx', './test/setup', false, ['test-code']],
  ['src/ui/chat/markdown/Markdown.tsx', './testing/findUnsafeMarkup', false, ['test-code']],
  ['src/ui/chat/markdown/Markdown.tsx', '../../../markdown/testing/hostileCorpus', false, ['ui', 'test-code']],
  ['src/ui/App.tsx', '../store/testing/storeTestkit', false, ['ui', 'test-code']],
]

const ALLOWED: Row[] = [
  ['src/i18n/runtime.ts', '../locales/de/shell.po', false, []],
  ['src/ui/App.tsx', '../i18n', false, []],
  ['src/gateway/node/handlers.ts', '../client', false, []],
  ['src/gateway/node/handlers.ts', '../protocol', true, []],
  ['src/gateway/client.ts', 'zod/mini', false, []],
  ['src/gateway/identity.ts', '@noble/ed25519', false, []],
  ['src/pairing/scanner.ts', 'zxing-wasm/reader', false, []],
  ['src/store/store.ts', 'zustand/vanilla', false, []],
  ['src/store/store.ts', '../gateway/node', false, []],
  ['src/store/pairingFlow.ts', '../pairing', false, []],
  ['src/store/gatewayRecords.ts', 'idb-keyval', false, []],
  ['src/ui/useApp.ts', 'zustand', false, []],
  ['src/ui/useApp.ts', '../store', false, []],
  ['src/ui/node/deep/x.tsx', '../../../store/index', false, []],
  ['src/ui/status/ProblemPanel.tsx', '../../gateway', true, []],
  ['src/ui/onboarding/ScanPanel.tsx', '../../pairing/scanner', false, []],
  ['src/ui/chat/markdown/Markdown.tsx', '../../../markdown', false, []],
  ['src/ui/chat/markdown/Markdown.tsx', './markdown.css', false, []],
  ['src/sw/sw.ts', 'idb-keyval', false, []],
  ['src/sw/sw.ts', 'workbox-precaching', false, []],
  ['src/markdown/parseInlines.ts', './safeHref', false, []],
  ['e2e/integration/support.ts', '../../src/store', false, []],
  ['e2e/integration/support.ts', '../../src/store/vaultStorage', false, []],
  ['e2e/integration/support.ts', '../../src/gateway', false, []],
  ['e2e/markdown.spec.ts', '../src/markdown/testing/hostileCorpus', false, []],
  ['scripts/bench/index.ts', '../../harness/browser', false, []],
  ['scripts/bench/floorClient.ts', '../../src/gateway/client', false, []],
  ['scripts/bench/reconnectRatios.test.ts', 'vitest', false, []],
  ['scripts/bench/subjects.ts', '@playwright/test', false, []],
  ['src/store/chatSlice.test.ts', './testing/storeTestkit', false, []],
  ['src/store/testing/storeTestkit.ts', '../../gateway/testing/fakeGateway', false, []],
  ['src/store/testing/storeTestkit.ts', 'vitest', false, []],
  ['src/ui/chat/markdown/Markdown.test.tsx', '../../../markdown/testing/hostileCorpus', false, []],
  ['src/ui/chat/markdown/Markdown.test.tsx', '../../../store/chatSlice', false, []],
  ['src/gateway/client.test.ts', '../store', false, []],
]

describe('import rules', () => {
  it.each(BREAKING)('%s importing %s (type only: %s) breaks %j', (file, specifier, typeOnly, broken) => {
    expect(brokenRules(file, { specifier, typeOnly })).toEqual(broken)
  })

  it.each(ALLOWED)('%s importing %s (type only: %s) breaks nothing', (file, specifier, typeOnly) => {
    expect(brokenRules(file, { specifier, typeOnly })).toEqual([])
  })

  it('has rows proving every rule, both ways', () => {
    for (const rule of IMPORT_RULES) {
      expect(BREAKING.some((row) => row[3].includes(rule.name))).toBe(true)
      expect(ALLOWED.some((row) => rule.appliesTo(row[0]))).toBe(true)
    }
  })

  it('says which import broke which rule, and why', () => {
    expect(violationsOf('src/gateway/node/handlers.ts', [{ specifier: '../../store', typeOnly: false }])).toEqual([
      "src/gateway/node/handlers.ts imports '../../store' (src/store, another layer): gateway rule, the protocol client is framework-free and knows no other layer",
    ])
  })
})

describe('resolveImport', () => {
  it.each([
    ['src/gateway/node/handlers.ts', '../../store', 'src/store'],
    ['src/gateway/handlers.ts', '../store/index', 'src/store'],
    ['src/ui/App.tsx', '../store/index.ts', 'src/store'],
    ['src/ui/App.tsx', './chat/ChatPanel', 'src/ui/chat/ChatPanel'],
    ['src/ui/chat/markdown/Markdown.tsx', './markdown.css', 'src/ui/chat/markdown/markdown.css'],
    ['src/ui/chat/markdown/Markdown.tsx', './markdown.css?inline', 'src/ui/chat/markdown/markdown.css'],
    ['src/ui/App.tsx', '/src/store/chatSlice', 'src/store/chatSlice'],
    ['e2e/integration/support.ts', '../../src/store/vaultStorage', 'src/store/vaultStorage'],
  ])('%s + %s is the module %s', (file, specifier, expected) => {
    expect(resolveImport(file, specifier)).toEqual({ kind: 'module', path: expected })
  })

  it.each([
    ['zustand', 'zustand'],
    ['zustand/vanilla', 'zustand'],
    ['react-dom/client', 'react-dom'],
    ['@noble/hashes/sha2.js', '@noble/hashes'],
    ['node:fs', 'node:fs'],
  ])('%s is the package %s', (specifier, name) => {
    expect(resolveImport('src/store/store.ts', specifier)).toEqual({ kind: 'package', name, entry: specifier })
  })
})

describe('importsOf', () => {
  it('finds every kind of import, and tells type-only ones apart', () => {
    const code = [
      "import React, { useState } from 'react'",
      "import type { Problem } from '../gateway'",
      // NOTE: with verbatimModuleSyntax this stays a (side-effect) import at runtime.
      "import { type ChatItem } from '../store'",
      "import * as z from 'zod/mini'",
      "import './styles.css'",
      "export { appStore } from './appStore'",
      "export type { Role } from './roles'",
      "export * from './protocol'",
      "import legacy = require('legacy')",
      "const Panel = lazy(() => import('./Panel'))",
      'const later = () => import(`./Later`)',
      "type M = typeof import('./Markdown')",
    ].join('\n')
    expect(importsOf(code, 'src/ui/x.tsx')).toEqual([
      { specifier: 'react', typeOnly: false },
      { specifier: '../gateway', typeOnly: true },
      { specifier: '../store', typeOnly: false },
      { specifier: 'zod/mini', typeOnly: false },
      { specifier: './styles.css', typeOnly: false },
      { specifier: './appStore', typeOnly: false },
      { specifier: './roles', typeOnly: true },
      { specifier: './protocol', typeOnly: false },
      { specifier: 'legacy', typeOnly: false },
      { specifier: './Panel', typeOnly: false },
      { specifier: './Later', typeOnly: false },
      { specifier: './Markdown', typeOnly: true },
    ])
  })

  it('ignores import-shaped text in comments and strings', () => {
    const code = [
      "// the UI imports it with `import('…/pairing/scanner')` only",
      "/* import { x } from '../store' */",
      'const hint = "import(\'../store\')"',
      "const other = 'from \\'../store\\''",
    ].join('\n')
    expect(importsOf(code, 'src/pairing/index.ts')).toEqual([])
  })
})
