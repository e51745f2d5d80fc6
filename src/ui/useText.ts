/**
 * The React binding of the i18n runtime: `const t = useText(TEXT)` gives `t(key, values)` (text) and
 * `t.rich(key, values)` (text with elements in it: a command in <code>, a gateway's name in <strong>),
 * and re-renders the component when the language changes.
 */
import { createElement, Fragment, lazy, type ComponentType, type ReactNode, useSyncExternalStore } from 'react'
import { loadPart, type Messages, onTextChange, type Part, textVersion, translate, translateParts } from '../i18n'

export type Translator<K extends string> = ((key: K, values?: Record<string, string | number>) => string) & {
  rich: (key: K, values: Record<string, ReactNode>) => ReactNode
}

export function translator<K extends string>(messages: Messages<K>): Translator<K> {
  const t = (key: K, values?: Record<string, string | number>) => translate(messages, key, values)
  t.rich = (key: K, values: Record<string, ReactNode>): ReactNode => createElement(Fragment, null, ...(translateParts(messages, key, values) as ReactNode[]))
  return t
}

export function useText<K extends string>(messages: Messages<K>): Translator<K> {
  // The version is what changes on a language switch; reading it makes this component re-render then.
  useSyncExternalStore(onTextChange, textVersion, textVersion)
  return translator(messages)
}

/**
 * A lazily loaded screen whose chunk and text arrive together: React.lazy over the module and the
 * active locale's catalog part, fetched in parallel, so the screen never shows in English first.
 */
export function lazyScreen<P extends object>(parts: Part | Part[], load: () => Promise<ComponentType<P>>) {
  return lazy(async () => {
    const [component] = await Promise.all([load(), ...[parts].flat().map(loadPart)])
    return { default: component }
  })
}
