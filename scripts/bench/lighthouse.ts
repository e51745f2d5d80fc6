/**
 * Lighthouse (npm `lighthouse`, default = mobile preset with simulated throttling) against Debian's
 * Chromium with the same flags as the Playwright runs. Lighthouse needs Node >= 22.19, so it runs on
 * the harness's pinned Node 24. Everything it loads is on loopback.
 */
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/browser'
import { PROJECT_ROOT } from './bundleBytes'

const run = promisify(execFile)
const TIMEOUT_MS = 240_000

export type LighthouseResult = {
  url: string
  scores: { performance: number | null; accessibility: number | null; bestPractices: number | null }
  /** Audits that lost points, for the report's notes. */
  failedAudits: string[]
  /** Lighthouse's own CPU benchmark of this machine (a loaded 2-core box scores low). */
  benchmarkIndex: number | null
  warnings: string[]
  reportPath: string
}

type LhJson = {
  categories: Record<string, { score: number | null; auditRefs: Array<{ id: string; weight: number }> }>
  audits: Record<string, { score: number | null; scoreDisplayMode: string; title: string }>
  environment?: { benchmarkIndex?: number }
  runWarnings?: string[]
  finalDisplayedUrl: string
}

export async function runLighthouse(nodeBin: string, url: string, outBase: string): Promise<LighthouseResult> {
  const reportPath = `${outBase}.json`
  const flags = ['--headless=new', ...CHROMIUM_ARGS].join(' ')
  await run(
    nodeBin,
    [
      path.join(PROJECT_ROOT, 'node_modules/lighthouse/cli/index.js'),
      url,
      '--only-categories=performance,accessibility,best-practices',
      '--output=json',
      `--output-path=${reportPath}`,
      '--quiet',
      '--no-enable-error-reporting',
      `--chrome-flags=${flags}`,
    ],
    { env: { ...process.env, CHROME_PATH: CHROMIUM_PATH }, timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
  )
  const report = JSON.parse(await readFile(reportPath, 'utf8')) as LhJson
  const weighted = new Set(Object.values(report.categories).flatMap((c) => c.auditRefs.filter((r) => r.weight > 0).map((r) => r.id)))
  const failedAudits = Object.entries(report.audits)
    .filter(([id, a]) => weighted.has(id) && a.scoreDisplayMode !== 'informative' && a.score !== null && a.score < 1)
    .map(([id, a]) => `${id} (${a.score})`)
  return {
    url: report.finalDisplayedUrl,
    scores: {
      performance: report.categories.performance?.score ?? null,
      accessibility: report.categories.accessibility?.score ?? null,
      bestPractices: report.categories['best-practices']?.score ?? null,
    },
    failedAudits,
    benchmarkIndex: report.environment?.benchmarkIndex ?? null,
    warnings: report.runWarnings ?? [],
    reportPath,
  }
}
