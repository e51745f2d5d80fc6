/** The i18n layer's public surface. How a feature adds text: ARCHITECTURE.md, "Text and translations". */
export { defineMessages, loadPart, setLocale, currentLocale, translate, translateParts, onTextChange, textVersion, type Messages, type Part } from './runtime'
export { LOCALES, PSEUDO_LOCALE, isLocale, matchLocale, type Locale } from './locales'
export { formatBytes, formatDateTime, formatNumber, formatTime, LIST_FORMAT } from './format'
export { formatRelative } from './relativeTime'
export { startI18n, chooseLocale } from './preference'
