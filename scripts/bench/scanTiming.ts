/**
 * Tap → first decoded code: a new user on a first visit taps "Scan QR code" in front of a QR (Chromium's
 * fake camera plays it), on a mobile network (CDP: 1.6 Mbps down, 750 kbps up, 150 ms latency, reported
 * as cellular so that the app's idle prefetch, which waits for an unmetered connection, stays off). Timed
 * in the page's clock from the click to the confirm screen ("Connect to this gateway?"), which needs the
 * decoded and parsed code. Cold: new browser profile, empty cache. Warm: the same page reloaded (HTTP
 * cache filled by the cold run). Service workers are blocked so that their precache (not throttled by
 * CDP) does not download the decoder behind the measurement's back. The same for the build before the
 * scanner work (--scan-baseline, a git ref) and for this tree. A third row is a first visit on a connection
 * reported as Wi-Fi (navigator.connection.type, set by an init script: desktop Chromium has none), tapped after
 * reading the welcome screen for a while: where the app prefetches the decoder when idle.
 */
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { chromium, type Page } from '@playwright/test'
import { build, preview, type PreviewServer } from 'vite'
import { launchOptions } from '../../harness/browser'
import { freePort } from '../../harness/gatewayConfig'
import { writeQrVideo } from '../../harness/qrMedia'
import { encodeSetupCode } from '../../src/pairing'
import { PROJECT_ROOT } from './bundleBytes'

const run = promisify(execFile)

/** The last commit before the native decoder, the worker and the prefetch (issue 23). */
export const SCAN_BASELINE_REF = '000e871'
export const MOBILE_PROFILE = { latencyMs: 150, downloadKbps: 1600, uploadKbps: 750 } as const
const LONG_TASK_MS = 50
const CONFIRM_HEADING = 'Connect to this gateway?'

export type ScanRun = {
  /** How long the .wasm download took when it happened after the tap (shows that CDP throttled the worker's request too). */
  wasmDownloadMs: number | null
  tapToDecodeMs: number
  longTasksOver50: number
  maxLongTaskMs: number
  bytesAfterTap: number
}
/** cold: first visit, cellular; warm: reloaded; unmetered: first visit on a connection reported as Wi-Fi, tapped after READING_MS. */
export type ScanBuild = { cold: ScanRun[]; warm: ScanRun[]; unmetered: ScanRun[] }
const READING_MS = 8_000
export type ScanBench = {
  baselineRef: string
  profile: typeof MOBILE_PROFILE
  /** What this Chromium offers: BarcodeDetector with qr_code, or not (then both builds decode with zxing-wasm). */
  barcodeDetector: string
  rounds: number
  builds: { old: ScanBuild | { error: string }; new: ScanBuild | { error: string } }
}

/** Builds the app as it was at `ref` (git archive, this checkout's node_modules) into `outDir`. */
export async function buildAt(ref: string, workDir: string, outDir: string): Promise<string> {
  const root = path.join(workDir, 'src-at-ref')
  await rm(root, { recursive: true, force: true })
  await mkdir(root, { recursive: true })
  const archive = path.join(workDir, 'ref.tar')
  await run('git', ['archive', '--format=tar', '-o', archive, ref], { cwd: PROJECT_ROOT })
  await run('tar', ['-xf', archive, '-C', root])
  await symlink(path.join(PROJECT_ROOT, 'node_modules'), path.join(root, 'node_modules'))
  await build({ root, configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } })
  return root
}

export async function serve(root: string, outDir: string): Promise<{ server: PreviewServer; origin: string }> {
  const port = await freePort()
  const server = await preview({
    root,
    configFile: path.join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir },
    preview: { port, strictPort: true, host: 'localhost' },
  })
  return { server, origin: `http://localhost:${port}` }
}

const PAGE_PROBE = `(() => {
  const scan = (window.__scan = { longTasks: [], tapAt: null, decodedAt: null })
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) scan.longTasks.push([e.startTime, e.duration]) }).observe({ type: 'longtask', buffered: true })
  } catch (e) {}
  const seen = () => { if (scan.tapAt !== null && scan.decodedAt === null && document.body && document.body.innerText.includes(${JSON.stringify(CONFIRM_HEADING)})) scan.decodedAt = performance.now() }
  new MutationObserver(seen).observe(document, { childList: true, subtree: true, characterData: true })
})()`

const WIFI_TYPE = `(() => {
  try { Object.defineProperty(NetworkInformation.prototype, 'type', { get: () => 'wifi', configurable: true }) } catch (e) {}
})()`

async function oneScan(page: Page, bytes: { sum: number; wasmMs: number }, readingMs = 0): Promise<ScanRun> {
  await page.getByRole('button', { name: 'Scan QR code' }).waitFor()
  // The time a user reads the welcome screen before tapping (the unmetered scenario's idle prefetch runs in it).
  if (readingMs) await page.waitForTimeout(readingMs)
  bytes.sum = 0
  bytes.wasmMs = 0
  await page.evaluate(() => {
    const scan = (window as unknown as { __scan: { tapAt: number | null } }).__scan
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Scan QR code')
    scan.tapAt = performance.now()
    button?.click()
  })
  await page.waitForFunction(() => (window as unknown as { __scan: { decodedAt: number | null } }).__scan.decodedAt !== null, undefined, { timeout: 120_000 })
  const scan = await page.evaluate(() => (window as unknown as { __scan: { tapAt: number; decodedAt: number; longTasks: Array<[number, number]> } }).__scan)
  const during = scan.longTasks.filter(([start, duration]) => start + duration >= scan.tapAt && start <= scan.decodedAt).map(([, duration]) => duration)
  await page.waitForTimeout(200) // the last requests' sizes
  return {
    wasmDownloadMs: bytes.wasmMs || null,
    tapToDecodeMs: Math.round(scan.decodedAt - scan.tapAt),
    longTasksOver50: during.filter((d) => d > LONG_TASK_MS).length,
    maxLongTaskMs: Math.round(Math.max(0, ...during)),
    bytesAfterTap: bytes.sum,
  }
}

/** One cold scan in a new profile, then `warmRounds` scans after reloads of the same page. */
async function measureBuild(origin: string, video: string, rounds: number, log: (line: string) => void, label: string): Promise<ScanBuild> {
  const result: ScanBuild = { cold: [], warm: [], unmetered: [] }
  for (let round = 0; round < rounds; round++) {
    result.cold.push(...(await visit(origin, video, 'cellular4g', 0, true, result.warm)))
    result.unmetered.push(...(await visit(origin, video, 'wifi', READING_MS, false, [])))
    log(
      `scan ${label} round ${round + 1}: cold ${result.cold.at(-1)?.tapToDecodeMs} ms, warm ${result.warm.at(-1)?.tapToDecodeMs} ms, unmetered ${result.unmetered.at(-1)?.tapToDecodeMs} ms`,
    )
  }
  return result
}

/** One first visit in a new profile (and, with `reload`, a second scan after reloading the page into `warm`). */
async function visit(
  origin: string,
  video: string,
  connectionType: 'cellular4g' | 'wifi',
  readingMs: number,
  reload: boolean,
  warm: ScanRun[],
): Promise<ScanRun[]> {
  const browser = await chromium.launch(
    launchOptions(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`]),
  )
  try {
    const context = await browser.newContext({ permissions: ['camera'], serviceWorkers: 'block', viewport: { width: 360, height: 740 } })
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: MOBILE_PROFILE.latencyMs,
      downloadThroughput: (MOBILE_PROFILE.downloadKbps * 1000) / 8,
      uploadThroughput: (MOBILE_PROFILE.uploadKbps * 1000) / 8,
      connectionType,
    })
    // Playwright's own network events include the decoder worker's requests, which the page's CDP session does not see.
    const bytes = { sum: 0, wasmMs: 0 }
    context.on('requestfinished', (request) => {
      void request.sizes().then((sizes) => {
        bytes.sum += sizes.responseBodySize + sizes.responseHeadersSize
        if (request.url().endsWith('.wasm')) bytes.wasmMs = Math.round(request.timing().responseEnd)
      })
    })
    await context.addInitScript(PAGE_PROBE)
    // Desktop Chromium exposes no navigator.connection.type (only Android and ChromeOS do), so a phone on
    // Wi-Fi is stood in for by this getter; the throttle stays the same.
    if (connectionType === 'wifi') await context.addInitScript(WIFI_TYPE)
    await page.goto(origin)
    const first = await oneScan(page, bytes, readingMs)
    if (reload) {
      await page.reload()
      warm.push(await oneScan(page, bytes))
    }
    return [first]
  } finally {
    await browser.close()
  }
}

async function barcodeDetectorHere(origin: string): Promise<string> {
  const browser = await chromium.launch(launchOptions())
  try {
    const page = await browser.newPage()
    await page.goto(origin)
    return await page.evaluate(async () => {
      const Detector = (globalThis as { BarcodeDetector?: { getSupportedFormats(): Promise<string[]> } }).BarcodeDetector
      if (!Detector) return 'absent'
      const formats = await Detector.getSupportedFormats()
      return formats.includes('qr_code') ? 'reads qr_code' : `present, no qr_code (${formats.join(', ') || 'no formats'})`
    })
  } finally {
    await browser.close()
  }
}

/** Builds both, serves both, and measures both, one after the other, on the same machine. */
export async function measureScans(options: { rounds: number; baselineRef?: string; newBuildDir: string; log: (line: string) => void }): Promise<ScanBench> {
  const baselineRef = options.baselineRef ?? SCAN_BASELINE_REF
  const work = await mkdtemp(path.join(os.tmpdir(), 'scan-bench-'))
  const servers: PreviewServer[] = []
  const failure = (error: unknown) => ({ error: error instanceof Error ? error.message.split('\n')[0]! : String(error) })
  try {
    const video = path.join(work, 'qr.y4m')
    const code = encodeSetupCode({
      url: 'ws://127.0.0.1:18789',
      bootstrapToken: 'ScanBenchToken_0123456789abcdefghijklmn',
      expiresAtMs: Date.now() + 3_600_000,
    })
    await writeQrVideo(code, video)
    options.log(`scan: building the app at ${baselineRef} (the build before the scanner work)`)
    const oldOut = path.join(work, 'old-dist')
    const oldRoot = await buildAt(baselineRef, work, oldOut)
    const oldServed = await serve(oldRoot, oldOut)
    servers.push(oldServed.server)
    const newServed = await serve(PROJECT_ROOT, options.newBuildDir)
    servers.push(newServed.server)
    const barcodeDetector = await barcodeDetectorHere(newServed.origin)
    options.log(`scan: BarcodeDetector in this Chromium: ${barcodeDetector}`)
    const old = await measureBuild(oldServed.origin, video, options.rounds, options.log, 'old build').catch(failure)
    const current = await measureBuild(newServed.origin, video, options.rounds, options.log, 'new build').catch(failure)
    return { baselineRef, profile: MOBILE_PROFILE, barcodeDetector, rounds: options.rounds, builds: { old, new: current } }
  } finally {
    for (const server of servers) await server.close().catch(() => {})
    await rm(work, { recursive: true, force: true })
  }
}

const medianOf = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! : null
}

/** The scan rows: old build beside new, cold and warm, with the long tasks seen while scanning. */
export function scanTable(scan: ScanBench): string {
  const cell = (build: ScanBuild | { error: string }, pick: (b: ScanBuild) => ScanRun[], show: (runs: ScanRun[]) => string) =>
    'error' in build ? `n/a (${build.error})` : show(pick(build))
  const time = (runs: ScanRun[]) => `${medianOf(runs.map((r) => r.tapToDecodeMs))} ms`
  const tasks = (runs: ScanRun[]) => `${Math.max(0, ...runs.map((r) => r.longTasksOver50))} (longest ${Math.max(0, ...runs.map((r) => r.maxLongTaskMs))} ms)`
  const wasm = (runs: ScanRun[]) => `${medianOf(runs.flatMap((r) => (r.wasmDownloadMs === null ? [] : [r.wasmDownloadMs]))) ?? '—'} ms`
  const kbAfter = (runs: ScanRun[]) => `${(Math.max(0, ...runs.map((r) => r.bytesAfterTap)) / 1024).toFixed(0)} KB`
  const { old, new: current } = scan.builds
  const profile = `${scan.profile.downloadKbps / 1000} Mbps / ${scan.profile.latencyMs} ms`
  const rows = [
    [
      `Tap "Scan QR code" → code decoded, cold (first visit, ${profile})`,
      '≤ 1.5 s where BarcodeDetector exists',
      cell(old, (b) => b.cold, time),
      cell(current, (b) => b.cold, time),
    ],
    [`Tap → code decoded, warm (HTTP cache, ${profile})`, '—', cell(old, (b) => b.warm, time), cell(current, (b) => b.warm, time)],
    [
      `Tap → code decoded, first visit on Wi-Fi (same throttle, connection type stood in by a script; tap ${READING_MS / 1000} s after the welcome screen)`,
      '—',
      cell(old, (b) => b.unmetered ?? [], time),
      cell(current, (b) => b.unmetered ?? [], time),
    ],
    ['.wasm download after the tap, cold (throttled)', '—', cell(old, (b) => b.cold, wasm), cell(current, (b) => b.cold, wasm)],
    ['Bytes over the network after the tap, cold', '—', cell(old, (b) => b.cold, kbAfter), cell(current, (b) => b.cold, kbAfter)],
    [
      'Long tasks > 50 ms while scanning (cold and warm)',
      '0',
      cell(old, (b) => [...b.cold, ...b.warm], tasks),
      cell(current, (b) => [...b.cold, ...b.warm], tasks),
    ],
  ]
  const header = ['Scanner figure', 'Target', `Before (${scan.baselineRef})`, 'This build']
  return [
    [header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n'),
    '',
    `Median of ${scan.rounds} round(s); BarcodeDetector in this Chromium: ${scan.barcodeDetector}.`,
  ].join('\n')
}
