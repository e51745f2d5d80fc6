/**
 * Installability the way Chrome itself decides it (Lighthouse 12+ has no PWA category): CDP
 * `Page.getInstallabilityErrors` on the new user's first screen, plus the manifest Chrome parsed and
 * whether a service worker got ready. Playwright's ordinary contexts are incognito, where Chrome
 * never offers installation, so this one uses a throwaway persistent profile (same binary, same flags).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Page } from '@playwright/test'
import { launchOptions } from '../../harness/browser'

export type Installability = { isInstallable: boolean; errors: string[]; manifestUrl: string | null; manifestErrors: string[]; hasServiceWorker: boolean }

const SW_WAIT_MS = 10_000

export async function checkInstallability(url: string, waitReady: (page: Page) => Promise<void>): Promise<Installability> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'bench-profile-'))
  const context = await chromium.launchPersistentContext(profile, { ...launchOptions(), viewport: { width: 412, height: 823 } })
  try {
    const page = context.pages()[0] ?? (await context.newPage())
    await page.goto(url)
    await waitReady(page)
    const hasServiceWorker = await page.evaluate(
      (waitMs) =>
        Promise.race([
          navigator.serviceWorker?.ready.then(() => true) ?? Promise.resolve(false),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), waitMs)),
        ]),
      SW_WAIT_MS,
    )
    const cdp = await context.newCDPSession(page)
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: Array<{ errorId: string; errorArguments: Array<{ name: string; value: string }> }>
    }
    const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: Array<{ message: string }> }
    const errors = installabilityErrors.map((e) => [e.errorId, ...e.errorArguments.map((a) => `${a.name}=${a.value}`)].join(' '))
    return {
      isInstallable: errors.length === 0,
      errors,
      manifestUrl: manifest.url || null,
      manifestErrors: manifest.errors.map((e) => e.message),
      hasServiceWorker,
    }
  } finally {
    await context.close()
    await rm(profile, { recursive: true, force: true })
  }
}
