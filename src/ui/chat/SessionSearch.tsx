import { useEffect, useId, useState } from 'react'
import type { SessionSearchResult } from '../../store'
import { defineMessages } from '../../i18n'
import { actions } from '../useApp'
import { useText } from '../useText'
import { useSessionTitle } from './sessionTitle'

const TEXT = defineMessages('sessions.search', {
  search: 'Search chats',
  results: 'Search results',
  found: '{count, plural, =0 {Nothing found.} one {# message found.} other {# messages found.}}',
  failed: 'Search did not work: {reason}.',
})

/** Waits this long after the last key before asking the gateway (each query searches every transcript). */
const TYPING_PAUSE_MS = 300

/**
 * Finds words in every chat's messages (`sessions.search`), shown only where the gateway offers it
 * (its hello-ok lists the method). A result opens its chat and clears the search.
 */
export function SessionSearch({ gatewayId }: { gatewayId: string }) {
  const t = useText(TEXT)
  const titleOf = useSessionTitle()
  const [isOffered, setOffered] = useState(false)
  const [isOpen, setOpen] = useState(false)
  const [query, setQuery] = useState('')
  const [results, setResults] = useState<SessionSearchResult[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const id = useId()

  useEffect(() => {
    let live = true
    void actions()
      .sessionControls()
      .then((controls) => live && setOffered(controls.canSearch(gatewayId)))
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [gatewayId])

  useEffect(() => {
    const words = query.trim()
    setError(null)
    if (!words) return setResults(null)
    let live = true
    const timer = setTimeout(() => {
      void actions()
        .sessionControls()
        .then((controls) => controls.search(gatewayId, words))
        .then(
          (found) => live && setResults(found),
          (cause: unknown) => live && setError(t('failed', { reason: cause instanceof Error ? cause.message : String(cause) })),
        )
    }, TYPING_PAUSE_MS)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [gatewayId, query, t])

  if (!isOffered) return null
  const close = () => {
    setQuery('')
    setOpen(false)
  }
  const open = (sessionKey: string) => {
    close()
    void actions().openSession(gatewayId, sessionKey)
  }
  return (
    <search className="session-search">
      <button type="button" aria-expanded={isOpen} aria-controls={`${id}-box`} aria-label={t('search')} onClick={() => (isOpen ? close() : setOpen(true))}>
        <svg aria-hidden="true" width="20" height="20" viewBox="0 0 20 20" className="icon">
          <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M13 13l4.5 4.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
      </button>
      <div id={`${id}-box`} className="session-search-box" hidden={!isOpen}>
        {isOpen && (
          <input
            type="search"
            // biome-ignore lint/a11y/noAutofocus: the user just asked for the search field.
            autoFocus
            aria-label={t('search')}
            placeholder={t('search')}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={(event) => event.key === 'Escape' && (query ? setQuery('') : close())}
          />
        )}
        <p className="visually-hidden" role="status">
          {results ? t('found', { count: results.length }) : ''}
        </p>
        {error && (
          <p className="error-message" role="alert">
            {error}
          </p>
        )}
        {results && results.length > 0 && (
          <ul id={`${id}-results`} className="search-results" aria-label={t('results')}>
            {results.map((result, index) => {
              const title = titleOf(result)
              return (
                <li key={`${result.sessionKey}-${index}`}>
                  <button type="button" onClick={() => open(result.sessionKey)}>
                    <strong translate={result.title ? 'no' : undefined}>{title}</strong>
                    <span translate="no">{result.snippet}</span>
                  </button>
                </li>
              )
            })}
          </ul>
        )}
      </div>
    </search>
  )
}
