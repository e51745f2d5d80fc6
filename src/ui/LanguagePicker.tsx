import { useSyncExternalStore } from 'react'
import { chooseLocale, currentLocale, defineMessages, isLocale, LOCALES, onTextChange, PSEUDO_LOCALE } from '../i18n'
import { useText } from './useText'

const TEXT = defineMessages('shell.language', {
  label: 'Language',
})

// The pseudo-locale is for layout checks: offered in development builds, or once it was chosen by ?locale=.
const offered = (active: string) => Object.keys(LOCALES).filter((tag) => tag !== PSEUDO_LOCALE || import.meta.env.DEV || active === PSEUDO_LOCALE)

/** The app's language, each named in itself; the choice is remembered (i18n/preference.ts). */
export function LanguagePicker() {
  const t = useText(TEXT)
  const locale = useSyncExternalStore(onTextChange, currentLocale, currentLocale)
  return (
    <label className="language">
      <span className="visually-hidden">{t('label')}</span>
      <select
        value={locale}
        onChange={(event) => {
          if (isLocale(event.target.value)) void chooseLocale(event.target.value)
        }}
      >
        {offered(locale).map((tag) => (
          <option key={tag} value={tag} lang={tag}>
            {LOCALES[tag as keyof typeof LOCALES].name}
          </option>
        ))}
      </select>
    </label>
  )
}
