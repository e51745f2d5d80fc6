/**
 * `npm run test:compat`: the app against every gateway release in harness/compatReleases.ts, one at a
 * time (each test starts its own gateway of that release). Not part of `npm test`: the first run
 * downloads each release into the harness cache (about 600 MB each).
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from '@playwright/test'
import { launchOptions } from '../../harness/browser'
import { APP_ORIGIN, APP_PORT } from '../playwright.config'

const APP_DIR = `.cache/e2e-app-${APP_PORT}`

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.compat.ts',
  globalSetup: './compatSetup.ts',
  workers: 1,
  fullyParallel: false,
  timeout: 300_000,
  expect: { timeout: 60_000 },
  reporter: [['list'], ['./compatReporter.ts']],
  use: { baseURL: APP_ORIGIN, launchOptions: launchOptions(), trace: 'retain-on-failure' },
  webServer: {
    command: `npx vite build --logLevel warn --outDir ${APP_DIR} && npx vite preview --port ${APP_PORT} --strictPort --outDir ${APP_DIR}`,
    url: APP_ORIGIN,
    cwd: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..'),
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
})
