/**
 * Bytes from the build output: what each first screen of the app needs, read from Vite's manifest,
 * and what the Control UI's index.html asks for before any script runs.
 *
 * "First screen" of our app, exactly:
 *   the entry chunk (index.html's module script), every chunk it imports statically (its
 *   modulepreloads, followed transitively), the CSS of all of those, plus the screen's lazily loaded
 *   chunk with its own static imports and CSS: Onboarding for a new user, ChatPanel for a returning one.
 * Not counted: dynamic imports the screen does not render with (the QR scanner, reported on its own;
 * the pure-JS crypto fallbacks and the screens only some states show, listed as `otherDynamic`).
 */
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build, type Manifest } from 'vite'

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export const FIRST_SCREEN_BUDGET_BYTES = 100 * 1024
export const ONBOARDING_SRC = 'src/ui/onboarding/Onboarding.tsx'
export const CHAT_SRC = 'src/ui/chat/ChatPanel.tsx'
export const SCANNER_SRC = 'src/pairing/scanner.ts'

export type FileBytes = { file: string; raw: number; gzip: number }
export type ByteSet = { files: FileBytes[]; raw: number; gzip: number; js: number; css: number }
export type AppBuildBytes = {
  onboarding: ByteSet
  chat: ByteSet
  shell: ByteSet
  scanner: ByteSet
  otherDynamic: ByteSet
  /** Each locale's first screens (English too): the code plus the locale's catalogs for the shell and the screen's part. */
  translated: { locale: string; onboarding: ByteSet; chat: ByteSet }[]
}

/** gzip at zlib's default level, as Vite's own build report counts it. */
export const gzipSize = (data: Buffer | string): number => gzipSync(data).length

/** Builds the app with a manifest into `outDir` (never dist/, which others may be serving). */
export async function buildApp(outDir: string): Promise<void> {
  await build({ root: PROJECT_ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true, manifest: true } })
}

async function fileBytes(root: string, file: string): Promise<FileBytes> {
  const data = await readFile(path.join(root, file))
  return { file, raw: data.length, gzip: gzipSize(data) }
}

async function byteSet(root: string, files: Iterable<string>): Promise<ByteSet> {
  const list = await Promise.all([...new Set(files)].sort().map((file) => fileBytes(root, file)))
  const sum = (pick: (f: FileBytes) => number, ext?: string) => list.filter((f) => !ext || f.file.endsWith(ext)).reduce((n, f) => n + pick(f), 0)
  return { files: list, raw: sum((f) => f.raw), gzip: sum((f) => f.gzip), js: sum((f) => f.gzip, '.js'), css: sum((f) => f.gzip, '.css') }
}

/** A chunk's file, its static imports (transitively) and all their CSS; with `withAssets`, the files they fetch by URL too (the decoder's .wasm). */
function closure(manifest: Manifest, key: string, withAssets = false, into = new Set<string>(), seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return into
  seen.add(key)
  const chunk = manifest[key]
  if (!chunk) throw new Error(`${key} is not in the build manifest; did the file move?`)
  into.add(chunk.file)
  for (const css of chunk.css ?? []) into.add(css)
  if (withAssets) for (const asset of chunk.assets ?? []) into.add(asset)
  for (const imported of chunk.imports ?? []) closure(manifest, imported, withAssets, into, seen)
  return into
}

export async function appBuildBytes(outDir: string): Promise<AppBuildBytes> {
  const manifest = JSON.parse(await readFile(path.join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest
  const entryKey = Object.keys(manifest).find((key) => manifest[key]?.isEntry)
  if (!entryKey) throw new Error('no entry chunk in the build manifest')
  const shell = closure(manifest, entryKey)
  const screen = (src: string) => new Set([...shell, ...closure(manifest, src)])
  // The decoder worker and its .wasm are not in the manifest (Vite bundles workers on their own): found by name.
  const workerFiles = (await readdir(path.join(outDir, 'assets'))).filter((file) => /^qrWorker-.*\.js$|^zxing_reader-.*\.wasm$/.test(file))
  const scannerOnly = [...closure(manifest, SCANNER_SRC, true), ...workerFiles.map((file) => `assets/${file}`)].filter((file) => !shell.has(file))
  const counted = new Set([ONBOARDING_SRC, CHAT_SRC, SCANNER_SRC, entryKey])
  const catalog = /^src\/locales\/([^/]+)\/(\w+)\.po$/
  const locales = [...new Set(Object.keys(manifest).flatMap((key) => catalog.exec(key)?.[1] ?? []))].sort()
  const withCatalogs = (src: string, locale: string, part: string) =>
    new Set([...screen(src), ...closure(manifest, `src/locales/${locale}/shell.po`), ...closure(manifest, `src/locales/${locale}/${part}.po`)])
  const translated = await Promise.all(
    locales.map(async (locale) => ({
      locale,
      onboarding: await byteSet(outDir, withCatalogs(ONBOARDING_SRC, locale, 'onboarding')),
      chat: await byteSet(outDir, withCatalogs(CHAT_SRC, locale, 'chat')),
    })),
  )
  const other = Object.entries(manifest)
    .filter(([key, chunk]) => chunk.isDynamicEntry && !counted.has(key) && !catalog.test(key))
    .flatMap(([key]) => [...closure(manifest, key)].filter((file) => !shell.has(file)))
  return {
    shell: await byteSet(outDir, shell),
    onboarding: await byteSet(outDir, screen(ONBOARDING_SRC)),
    chat: await byteSet(outDir, screen(CHAT_SRC)),
    scanner: await byteSet(outDir, scannerOnly),
    otherDynamic: await byteSet(outDir, other),
    translated,
  }
}

/**
 * The Control UI ships no Vite manifest: count what its index.html loads before any script runs
 * (module script, modulepreloads, stylesheets). Its lazily loaded page chunks show up in the
 * network figures only.
 */
export async function controlUiBuildBytes(controlUiDir: string): Promise<ByteSet> {
  const html = await readFile(path.join(controlUiDir, 'index.html'), 'utf8')
  const refs = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="\.?\/?(assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]!)
  return byteSet(controlUiDir, refs)
}
