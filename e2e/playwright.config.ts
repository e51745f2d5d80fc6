import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from '@playwright/test'
import { launchOptions } from './browser'

// E2E_APP_PORT lets two checkouts run their suites side by side without sharing one preview server.
export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 4173)
export const APP_ORIGIN = `http://localhost:${APP_PORT}`

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  globalSetup: './globalSetup.ts',
  // Each spec file runs its own real gateway; two cores do not fit two of them plus a browser.
  workers: 1,
  fullyParallel: false,
  timeout: 180_000,
  expect: { timeout: 30_000 },
  reporter: 'list',
  use: {
    baseURL: APP_ORIGIN,
    launchOptions: launchOptions(),
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `npx vite build --logLevel warn && npx vite preview --port ${APP_PORT} --strictPort`,
    url: APP_ORIGIN,
    cwd: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
})
