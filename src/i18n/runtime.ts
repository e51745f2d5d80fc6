/**
 * The app's translation runtime: which locale is active, which catalog parts are loaded, and the
 * formatting of messages. Framework-free (the React binding is ui/useText.ts). English is the source
 * text in the code (`defineMessages`); every locale, English included, has one compiled catalog per
 * part of the app (src/locales/<locale>/<part>.po), loaded only when a screen of that part is about to
 * show, and only for the active locale. The build drops the English from the code (stripSourceText),
 * so there the catalog is the only text; in dev and tests the code's English is the fallback.
 */
import { type CompiledMessage, parseMessage } from './icu'
import { type Locale, LOCALES, PSEUDO_LOCALE } from './locales'

export type Part =
  | 'shell'
  | 'gateways'
  | 'onboarding'
  | 'errors'
  | 'problems'
  | 'chat'
  | 'compose'
  | 'node'
  | 'pwa'
  | 'approvals'
  | 'markdown'
  | 'notifications'
  | 'sessions'
export type Catalog = Record<string, CompiledMessage>
export type Values = Record<string, unknown>

/** The English messages of one file (a `scope` inside a `part`): keys are short, ids are `scope.key`. */
export type Messages<K extends string = string> = { part: Part; scope: string; en: Record<K, string> }

/**
 * Declares a file's messages in English (the source text). `where` is `part.scope`: the part decides
 * which catalog chunk carries the translations, the scope keeps keys unique inside it.
 * `npm run i18n:extract` finds these calls and updates every locale's catalog.
 */
export function defineMessages<const K extends string>(where: `${Part}.${string}`, en: Record<K, string>): Messages<K> {
  const dot = where.indexOf('.')
  return { part: where.slice(0, dot) as Part, scope: where.slice(dot + 1), en }
}

type CatalogModule = { default: Catalog }
// Each catalog is its own chunk. The loaders of the first screens' parts are here; the others come with their
// first screen (laterCatalogs.ts).
const firstCatalogs = import.meta.glob<CatalogModule>(['../locales/*/shell.po', '../locales/*/onboarding.po', '../locales/*/chat.po'])
const FIRST_PARTS: readonly Part[] = ['shell', 'onboarding', 'chat']
let laterCatalogs: Promise<Record<string, () => Promise<CatalogModule>>> | undefined
async function catalogLoader(key: string, part: Part): Promise<(() => Promise<CatalogModule>) | undefined> {
  if (FIRST_PARTS.includes(part)) return firstCatalogs[`../locales/${key}.po`]
  laterCatalogs ??= import('./laterCatalogs').then((module) => module.laterCatalogs)
  return (await laterCatalogs)[`../locales/${key}.po`]
}
const catalogs = new Map<string, Catalog>()
const parsedSource = new Map<string, CompiledMessage>()
let pseudo: typeof import('./pseudo') | undefined
let activeLocale: Locale = 'en'
let version = 0
const listeners = new Set<() => void>()
const loadedParts = new Set<Part>()

export const currentLocale = (): Locale => activeLocale
/** Changes whenever the active locale's text changes; what React subscribes to. */
export const textVersion = (): number => version
export function onTextChange(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** The catalog a locale reads: the pseudo-locale is made from the English one. */
const catalogLocale = (locale: Locale) => (locale === PSEUDO_LOCALE ? 'en' : locale)

async function loadCatalog(locale: Locale, part: Part): Promise<void> {
  if (locale === PSEUDO_LOCALE) pseudo ??= await import('./pseudo')
  const key = `${catalogLocale(locale)}/${part}`
  if (catalogs.has(key)) return
  const load = await catalogLoader(key, part)
  // A part with no messages has no file.
  catalogs.set(key, load ? (await load()).default : {})
}

/** Loads the active locale's text for a part of the app; screens await it with their code (lazyScreen). */
export async function loadPart(part: Part): Promise<void> {
  loadedParts.add(part)
  await loadCatalog(activeLocale, part)
}

/**
 * Switches the language: loads every part already shown in the new locale first, so the screen
 * changes in one step instead of flashing English, then tells the UI.
 */
export async function setLocale(locale: Locale): Promise<void> {
  await Promise.all([...loadedParts].map((part) => loadCatalog(locale, part)))
  activeLocale = locale
  version++
  const root = globalThis.document?.documentElement
  if (root) {
    root.lang = locale
    root.dir = LOCALES[locale].dir
  }
  for (const listener of listeners) listener()
}

function compiledFor<K extends string>(messages: Messages<K>, key: K): CompiledMessage {
  const id = `${messages.scope}.${key}`
  let parsed = catalogs.get(`${catalogLocale(activeLocale)}/${messages.part}`)?.[id]
  if (!parsed) {
    // Dev and tests, before a catalog is loaded: the code's English.
    const sourceId = `${messages.part}.${id}`
    parsed = parsedSource.get(sourceId) ?? parseMessage(messages.en[key])
    parsedSource.set(sourceId, parsed)
  }
  // The pseudo-locale's code loads only with it (the first screen of every real language stays smaller).
  return activeLocale === PSEUDO_LOCALE && pseudo ? pseudo.pseudoMessage(parsed) : parsed
}

const pluralRules = new Map<string, Intl.PluralRules>()
const numberFormats = new Map<string, Intl.NumberFormat>()
/** The Intl tag of the active locale (the pseudo-locale formats like English). */
export const intlLocale = (): string => (activeLocale === PSEUDO_LOCALE ? 'en' : activeLocale)
export function formatNumber(value: number): string {
  const tag = intlLocale()
  let format = numberFormats.get(tag)
  if (!format) numberFormats.set(tag, (format = new Intl.NumberFormat(tag)))
  return format.format(value)
}

function pluralCase(cases: Record<string, CompiledMessage>, value: number): CompiledMessage {
  const exact = cases[`=${value}`]
  if (exact) return exact
  const tag = intlLocale()
  let rules = pluralRules.get(tag)
  if (!rules) pluralRules.set(tag, (rules = new Intl.PluralRules(tag)))
  return cases[rules.select(value)] ?? cases.other!
}

/** Formats into parts: strings, and the values themselves where a value is not text (a React element). */
function formatParts(message: CompiledMessage, values: Values, out: unknown[], count?: number): unknown[] {
  for (const node of message) {
    if (typeof node === 'string') out.push(node)
    else if (node === 0) out.push(formatNumber(count ?? 0))
    else {
      const value = values[node[0]]
      if (node.length === 1) out.push(typeof value === 'number' ? formatNumber(value) : value)
      else if (node[1] === 'number') out.push(formatNumber(Number(value)))
      else if (node[1] === 'plural') formatParts(pluralCase(node[2], Number(value)), values, out, Number(value))
      else formatParts(node[2][String(value)] ?? node[2].other!, values, out, count)
    }
  }
  return out
}

/** The message as text in the active locale. */
export function translate<K extends string>(messages: Messages<K>, key: K, values: Values = {}): string {
  return formatParts(compiledFor(messages, key), values, []).join('')
}

/** The message as parts, for text with embedded elements (a command in <code>, a gateway's name). */
export function translateParts<K extends string>(messages: Messages<K>, key: K, values: Values): unknown[] {
  return formatParts(compiledFor(messages, key), values, [])
}
