/**
 * Which language the app starts in and remembers: the user's choice if they made one, else the
 * browser's languages. The choice lives in localStorage: it is a display preference, not a secret
 * (secrets stay in IndexedDB), and reading it synchronously lets the first screen draw in the right
 * language without waiting for IndexedDB.
 */
import { isLocale, type Locale, matchLocale, PSEUDO_LOCALE } from './locales'
import { loadPart, setLocale } from './runtime'

const STORAGE_KEY = 'openclaw-companion.locale'

function storedLocale(): Locale | undefined {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY)
    return isLocale(stored) ? stored : undefined
  } catch {
    // Storage can be blocked (privacy settings): the browser's languages decide then.
    return undefined
  }
}

/** The locale to start in: ?locale= (for screenshots and tests), the remembered choice, the browser's. */
export function initialLocale(): Locale {
  const fromUrl = new URLSearchParams(globalThis.location?.search ?? '').get('locale')
  if (isLocale(fromUrl)) return fromUrl
  return storedLocale() ?? matchLocale(globalThis.navigator?.languages ?? [])
}

/** Sets the starting locale and loads the shell's text; the first render waits for it (English waits for nothing). */
export async function startI18n(): Promise<void> {
  const locale = initialLocale()
  // loadPart first: it registers the part, so setLocale loads it in the chosen locale.
  await Promise.all([loadPart('shell'), setLocale(locale)])
}

/** The user picked a language: switch and remember it. */
export async function chooseLocale(locale: Locale): Promise<void> {
  await setLocale(locale)
  try {
    if (locale === PSEUDO_LOCALE) globalThis.localStorage?.removeItem(STORAGE_KEY)
    else globalThis.localStorage?.setItem(STORAGE_KEY, locale)
  } catch {
    // Not remembered when storage is blocked; the choice still holds for this visit.
  }
}
