/**
 * The import rules of the layers, as data and pure functions (src/architecture.test.ts runs them over
 * the tree; importRules.test.ts proves each one fires). Every relative specifier is resolved to a path
 * under the repository and that path is judged, so a rule holds at any depth: `../../store` from
 * src/gateway/node/ is src/store, exactly like `../store` from src/gateway/.
 */
import path from 'node:path'
import ts from 'typescript'

/** One import as written: `import type` and `export type` are erased, everything else runs. */
export type ImportRef = { specifier: string; typeOnly: boolean }

/**
 * Where an import leads. A module path is repository-relative with its script extension and any
 * trailing `/index` dropped, so `src/store`, `src/store/index` and `src/store/index.ts` are one module.
 */
export type Target = { kind: 'package'; name: string; entry: string } | { kind: 'module'; path: string }

export type ImportRule = {
  name: string
  why: string
  /** The importing files it judges (repository-relative paths). */
  appliesTo: (file: string) => boolean
  /** Why this import breaks the rule, or null when it is fine. */
  check: (target: Target, ref: ImportRef) => string | null
}

const SCRIPT_EXTENSION = /\.(?:tsx?|mts|jsx?|mjs)$/

export function resolveImport(fromFile: string, specifier: string): Target {
  const bare = specifier.replace(/[?#].*$/, '')
  if (bare.startsWith('.') || bare.startsWith('/')) {
    // A leading slash is Vite's project root; everything else is relative to the importing file.
    const joined = bare.startsWith('/') ? bare.slice(1) : path.posix.join(path.posix.dirname(fromFile), bare)
    return {
      kind: 'module',
      path: path.posix
        .normalize(joined)
        .replace(SCRIPT_EXTENSION, '')
        .replace(/\/index$/, ''),
    }
  }
  const parts = bare.split('/')
  const name = bare.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
  return { kind: 'package', name, entry: bare }
}

/** Every import, re-export, dynamic import() and type-position import() in a file; comments and strings are not imports. */
export function importsOf(code: string, fileName = 'file.tsx'): ImportRef[] {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, false, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
  const found: ImportRef[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.importClause?.isTypeOnly ?? false })
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly })
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression
      if (ts.isStringLiteral(expression)) found.push({ specifier: expression.text, typeOnly: node.isTypeOnly })
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments
      // NOTE: an import() of a computed name cannot be judged; none exists, and typecheck would not resolve one.
      if (argument && ts.isStringLiteralLike(argument)) found.push({ specifier: argument.text, typeOnly: false })
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true })
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

const isUnder = (file: string, folder: string) => file === folder || file.startsWith(`${folder}/`)
const moduleUnder = (target: Target, folder: string) => target.kind === 'module' && isUnder(target.path, folder)
const packageIs = (target: Target, ...names: string[]) => target.kind === 'package' && names.includes(target.name)
const packageEntry = (target: Target) => (target.kind === 'package' ? target.entry : target.path)

/** Test helpers: `testing/` folders anywhere, and the unit-test setup and tooling in src/test/. */
const isTestHelperPath = (file: string) => /(^|\/)testing\//.test(file) || isUnder(file, 'src/test')
/** Test code: `*.test.ts(x)`, everything in e2e/, and the helpers. Only test code may import test helpers. */
export const isTestFile = (file: string) => /\.test\.tsx?$/.test(file) || isUnder(file, 'e2e') || isTestHelperPath(file)
/** What a layer rule judges: its folder's files, test files (`*.test.ts(x)`) excepted. */
const productionIn = (folder: string) => (file: string) => isUnder(file, folder) && !/\.test\.tsx?$/.test(file)

const FRAMEWORKS = ['react', 'react-dom', 'zustand', 'idb-keyval']

/** react, react-dom, zustand (any entry) and idb-keyval: what framework-free code never loads. */
function frameworkIn(target: Target, allowed: string[] = []): string | null {
  const name = target.kind === 'package' && !allowed.includes(target.name) && FRAMEWORKS.includes(target.name) ? target.entry : null
  return name && `the ${name} package`
}

function moduleFrom(target: Target, folders: string[]): string | null {
  const folder = folders.find((candidate) => moduleUnder(target, candidate))
  return folder ? `${folder}, another layer` : null
}

export const IMPORT_RULES: ImportRule[] = [
  {
    name: 'gateway',
    why: 'the protocol client is framework-free and knows no other layer',
    appliesTo: productionIn('src/gateway'),
    check: (target) => frameworkIn(target) ?? moduleFrom(target, ['src/store', 'src/ui', 'src/pairing']),
  },
  {
    name: 'pairing',
    why: 'pairing only parses and scans',
    appliesTo: productionIn('src/pairing'),
    check: (target) => frameworkIn(target) ?? moduleFrom(target, ['src/store', 'src/ui', 'src/gateway']),
  },
  {
    name: 'store',
    why: 'the store runs without React: zustand only through zustand/vanilla (its root entry is the React binding)',
    appliesTo: productionIn('src/store'),
    check: (target) => {
      if (packageIs(target, 'react', 'react-dom')) return `the ${packageEntry(target)} package`
      if (packageIs(target, 'zustand') && packageEntry(target) !== 'zustand/vanilla') return `${packageEntry(target)}, not zustand/vanilla`
      return moduleFrom(target, ['src/ui'])
    },
  },
  {
    name: 'ui',
    why: 'the UI talks to the store through its index, sees the gateway only as types, and loads the scanner lazily',
    appliesTo: productionIn('src/ui'),
    check: (target, ref) => {
      if (packageIs(target, 'idb-keyval')) return 'the idb-keyval package'
      if (target.kind !== 'module') return null
      if (isUnder(target.path, 'src/store') && target.path !== 'src/store') return `${target.path}, not the store's index`
      if (isUnder(target.path, 'src/gateway') && target.path !== 'src/gateway') return `${target.path}, not the gateway's index`
      if (target.path === 'src/gateway' && !ref.typeOnly) return 'the gateway at runtime, not `import type`'
      if (target.path === 'src/pairing') return 'the pairing index, not the module it needs'
      if (isUnder(target.path, 'src/markdown') && target.path !== 'src/markdown') return `${target.path}, not the Markdown library's index`
      return null
    },
  },
  {
    name: 'sw',
    why: 'the service worker has no DOM, no React and no app store',
    appliesTo: productionIn('src/sw'),
    // idb-keyval is fine here: what push and the share target receive must outlive the worker.
    check: (target) => frameworkIn(target, ['idb-keyval']) ?? moduleFrom(target, ['src/ui', 'src/store']),
  },
  {
    name: 'i18n',
    why: 'the translation runtime is framework-free (its React binding is ui/useText.ts) and knows no other layer',
    appliesTo: productionIn('src/i18n'),
    check: (target) =>
      frameworkIn(target) ??
      (target.kind === 'module' && isUnder(target.path, 'src') && !isUnder(target.path, 'src/i18n') && !isUnder(target.path, 'src/locales')
        ? `${target.path}, part of the app`
        : null),
  },
  {
    name: 'ui-i18n',
    why: 'the UI reaches the translation runtime through its index',
    appliesTo: productionIn('src/ui'),
    check: (target) =>
      target.kind === 'module' && isUnder(target.path, 'src/i18n') && target.path !== 'src/i18n' ? `${target.path}, not the i18n index` : null,
  },
  {
    name: 'markdown',
    why: 'the Markdown parser is a framework-free library: it imports nothing from the app',
    appliesTo: productionIn('src/markdown'),
    check: (target) =>
      frameworkIn(target) ??
      (target.kind === 'module' && isUnder(target.path, 'src') && !isUnder(target.path, 'src/markdown') ? `${target.path}, part of the app` : null),
  },
  {
    name: 'integration',
    why: 'the integration tests reach the store through its index (and the IndexedDB vault the client runs over), never its internals',
    appliesTo: (file) => isUnder(file, 'e2e/integration'),
    // NOTE: vaultStorage is one exception: these tests run the real client over the real IndexedDB vault
    // (the store's side of the gateway's GatewayVault port), which the store's index does not export.
    // addressProof is the other: its proof is a property of the real gateway (it hands back the token it
    // issued), and the module lives in the lazy pairing chunk, so the index does not export it either.
    check: (target) =>
      target.kind === 'module' && isUnder(target.path, 'src/store') && !['src/store', 'src/store/vaultStorage', 'src/store/addressProof'].includes(target.path)
        ? `${target.path}, a store internal`
        : null,
  },
  {
    name: 'test-code',
    why: 'production code, the bench and the demo included, never loads test code: vitest, e2e/, testing/ helpers, *.test files',
    appliesTo: (file) => ['src', 'scripts', 'harness'].some((folder) => isUnder(file, folder)) && !isTestFile(file),
    check: (target) => {
      if (target.kind === 'package' && (target.name === 'vitest' || target.name.startsWith('@vitest/'))) return `the ${target.entry} package`
      if (target.kind !== 'module') return null
      if (isUnder(target.path, 'e2e')) return `${target.path}, test code`
      if (isTestHelperPath(target.path)) return `${target.path}, a test helper`
      if (/\.test(\.tsx?)?$/.test(target.path)) return `${target.path}, a test file`
      return null
    },
  },
]

/** The names of the rules one import of `file` breaks; empty when it is fine. */
export function brokenRules(file: string, ref: ImportRef, rules: ImportRule[] = IMPORT_RULES): string[] {
  const target = resolveImport(file, ref.specifier)
  return rules.filter((rule) => rule.appliesTo(file) && rule.check(target, ref) !== null).map((rule) => rule.name)
}

/** Every rule a file's imports break, as readable lines: `<file> imports '<specifier>' (<what it reaches>): <rule> rule, <why>`. */
export function violationsOf(file: string, refs: ImportRef[], rules: ImportRule[] = IMPORT_RULES): string[] {
  const found: string[] = []
  for (const rule of rules) {
    if (!rule.appliesTo(file)) continue
    for (const ref of refs) {
      const reason = rule.check(resolveImport(file, ref.specifier), ref)
      if (reason) found.push(`${file} imports '${ref.specifier}' (${reason}): ${rule.name} rule, ${rule.why}`)
    }
  }
  return found
}
