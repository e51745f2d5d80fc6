/**
 * `npm run check:size`: builds the app (with a manifest, into a temporary folder) and fails when a
 * first screen needs more than 100 KB of JS+CSS gzip. What counts is defined in bundleBytes.ts:
 * entry chunk + its static imports (modulepreloads) + CSS + the screen's lazy chunk (Onboarding for
 * a new user, ChatPanel for a returning one), in English and in every translated locale (English plus
 * that locale's catalogs for the shell and the screen's part; the largest is listed). The QR scanner
 * chunk is reported, never counted.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { appBuildBytes, buildApp, FIRST_SCREEN_BUDGET_BYTES, type ByteSet } from './bundleBytes'

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`

function describe(name: string, set: ByteSet): string {
  const files = set.files.map((file) => `    ${file.file.padEnd(48)} ${kb(file.gzip).padStart(9)} gzip (${kb(file.raw)} raw)`)
  return [`  ${name}: ${kb(set.gzip)} gzip (JS ${kb(set.js)}, CSS ${kb(set.css)})`, ...files].join('\n')
}

async function main(): Promise<void> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'companion-size-'))
  try {
    await buildApp(outDir)
    const bytes = await appBuildBytes(outDir)
    // The built app reads English from its catalog too (the code's English is stripped), so English counts its catalogs.
    const english = bytes.translated.find((set) => set.locale === 'en')!
    const others = bytes.translated.filter((set) => set !== english)
    const largest = (pick: (set: (typeof bytes.translated)[number]) => ByteSet) =>
      others.reduce((big, next) => (pick(next).gzip > pick(big).gzip ? next : big), others[0]!)
    const onboardingLocale = largest((set) => set.onboarding)
    const chatLocale = largest((set) => set.chat)
    const screens = [
      ['first screen, new user (onboarding), English', english.onboarding],
      ['first screen, returning user (chat), English', english.chat],
      [`first screen, new user (onboarding), ${onboardingLocale.locale} (largest translation)`, onboardingLocale.onboarding],
      [`first screen, returning user (chat), ${chatLocale.locale} (largest translation)`, chatLocale.chat],
    ] as const
    const everyLocale = bytes.translated.flatMap((set) => [set.onboarding, set.chat])
    console.log(`First-screen JS+CSS, gzip (budget ${kb(FIRST_SCREEN_BUDGET_BYTES)} each):`)
    for (const [name, set] of screens) console.log(describe(name, set))
    console.log(
      `  every locale: ${bytes.translated.map((set) => `${set.locale} ${kb(set.onboarding.gzip)} / ${kb(set.chat.gzip)}`).join(', ')} (onboarding / chat)`,
    )
    console.log(describe('QR scanner chunk (lazy, not counted)', bytes.scanner))
    console.log(describe('other lazy chunks (not counted)', bytes.otherDynamic))
    const over = screens.filter(([, set]) => set.gzip > FIRST_SCREEN_BUDGET_BYTES)
    if (!over.length && everyLocale.some((set) => set.gzip > FIRST_SCREEN_BUDGET_BYTES)) throw new Error('a locale over budget was not the largest')
    if (over.length) {
      for (const [name, set] of over) {
        console.error(
          `\ncheck:size FAILED: ${name} needs ${kb(set.gzip)} of JS+CSS gzip, over the ${kb(FIRST_SCREEN_BUDGET_BYTES)} budget by ${kb(set.gzip - FIRST_SCREEN_BUDGET_BYTES)}.`,
        )
      }
      console.error('The biggest files are listed above; keep code the first screen does not render behind a dynamic import().')
      process.exitCode = 1
      return
    }
    console.log('\ncheck:size passed: every first screen is within the budget.')
  } finally {
    await rm(outDir, { recursive: true, force: true })
  }
}

await main()
