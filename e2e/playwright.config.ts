import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from '@playwright/test'
import { launchOptions } from '../harness/browser'

// E2E_APP_PORT lets two checkouts run their suites side by side without sharing one preview server.
export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 4173)
export const APP_ORIGIN = `http://localhost:${APP_PORT}`
const APP_DIR = `.cache/e2e-app-${APP_PORT}`
const SOLO_SPECS = ['**/chaos.spec.ts', '**/demo.spec.ts']

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  globalSetup: './globalSetup.ts',
  // Two workers, each with a real gateway and a browser of its own (the build folder below and the
  // per-worker gateways allow it). On an otherwise idle 2-core machine the suite took 22.3 min with one
  // worker and 15.5 min with two; the CI run's limit is 30 min for everything. E2E_WORKERS=1 runs one
  // test at a time (to debug, or on a one-core machine).
  workers: Number(process.env.E2E_WORKERS ?? 2),
  fullyParallel: false,
  timeout: 180_000,
  expect: { timeout: 30_000 },
  reporter: 'list',
  // The specs whose point is a long run under time limits go last, one at a time, with nothing else on the
  // machine: beside another worker the chaos run once delivered 66 of its 100 messages within its bound,
  // and the demo's first reply once took over 30 s (both pass alone, and passed beside another worker in
  // other runs). They run only when the rest passed.
  // NOTE: in CI a failed test runs once more, and the list reporter marks a test that passed only then as
  // "flaky". On 2 cores a spec beside another worker's gateway and browser can miss a time bound it meets
  // alone (of chat's 35 quick sends on a phone, the last was unanswered after 60 s); running every such spec alone
  // would take the CI run near its 30 minutes. A real defect fails twice.
  retries: process.env.CI ? 1 : 0,
  projects: [
    { name: 'shared', testIgnore: SOLO_SPECS },
    { name: 'solo', testMatch: SOLO_SPECS, dependencies: ['shared'], workers: 1 },
  ],
  // The baselines are named without a project: there is one set for both.
  snapshotPathTemplate: '{testDir}/{testFilePath}-snapshots/{arg}{-snapshotSuffix}{ext}',
  use: {
    baseURL: APP_ORIGIN,
    launchOptions: launchOptions(),
    trace: 'retain-on-failure',
  },
  webServer: {
    // A build folder of its own: `npm run demo` (demo.spec.ts) builds into dist/, emptying it first,
    // which must not pull the files from under the app other tests have open.
    command: `npx vite build --logLevel warn --outDir ${APP_DIR} && npx vite preview --port ${APP_PORT} --strictPort --outDir ${APP_DIR}`,
    url: APP_ORIGIN,
    cwd: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
})
