/** The shipped locales, each named in itself (what the language picker shows), and how one is chosen. */
export const PSEUDO_LOCALE = 'en-XA'

export const LOCALES = {
  en: { name: 'English', dir: 'ltr' },
  de: { name: 'Deutsch', dir: 'ltr' },
  es: { name: 'Español', dir: 'ltr' },
  fr: { name: 'Français', dir: 'ltr' },
  ja: { name: '日本語', dir: 'ltr' },
  'zh-CN': { name: '简体中文', dir: 'ltr' },
  // Accented and ~40 % longer English, for layout testing; chosen only explicitly (?locale=en-XA or the picker in dev).
  [PSEUDO_LOCALE]: { name: 'Ƥšéûđö', dir: 'ltr' },
} as const satisfies Record<string, { name: string; dir: 'ltr' | 'rtl' }>

export type Locale = keyof typeof LOCALES

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && Object.hasOwn(LOCALES, value)

/**
 * The first of the browser's languages the app speaks: an exact tag (zh-CN), else the language alone
 * (de-AT → de; zh, zh-Hans, zh-SG → zh-CN), else English. The pseudo-locale is never picked from the browser.
 */
export function matchLocale(languages: readonly string[]): Locale {
  for (const language of languages) {
    if (isLocale(language) && language !== PSEUDO_LOCALE) return language
    const base = language.split('-')[0]!.toLowerCase()
    if (base === 'zh') {
      // Traditional Chinese readers are better served by English than by Simplified characters they may not read comfortably.
      if (/-(Hant|TW|HK|MO)\b/i.test(language)) continue
      return 'zh-CN'
    }
    if (base !== 'en' && isLocale(base)) return base
    if (base === 'en') return 'en'
  }
  return 'en'
}
