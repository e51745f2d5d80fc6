import { useEffect, useState } from 'react'
import type { SessionRow } from '../../store'
import { defineMessages } from '../../i18n'
import { actions, useApp } from '../useApp'
import { useText } from '../useText'
import { ArchivedSessions, SessionMenu } from './SessionMenu'
import { SessionSearch } from './SessionSearch'
import { useSessionTitle } from './sessionTitle'
import './sessions.css'

const TEXT = defineMessages('sessions.nav', {
  failed: 'Could not start a new chat: {reason}.',
  refused: 'the gateway refused',
  sessions: 'Sessions',
  newChat: 'New chat',
  unread: 'New messages',
  chats: 'Chats',
})

const NO_SESSIONS: SessionRow[] = []

/**
 * The gateway's sessions, newest first (an unread dot on those with news); "New chat" starts one;
 * the menu renames, archives or deletes the open one; the search (where the gateway offers it)
 * finds words in every transcript. A chunk of its own: the first screen is the conversation.
 */
export function SessionsNav({ gatewayId, isConnected }: { gatewayId: string; isConnected: boolean }) {
  const sessions = useApp((s) => s.sessions[gatewayId] ?? NO_SESSIONS)
  const current = useApp((s) => s.chats[gatewayId]?.sessionKey ?? null)
  const [error, setError] = useState<string | null>(null)
  const [showArchived, setShowArchived] = useState(false)
  const t = useText(TEXT)
  const titleOf = useSessionTitle()
  const open = sessions.find((session) => session.key === current)

  // What is on screen is read (now, or when the page comes back into view): the gateway keeps the unread
  // mark for the other sessions and devices.
  useEffect(() => {
    if (!open?.unread || !isConnected) return
    const key = open.key
    const markRead = () => {
      if (document.visibilityState !== 'visible') return
      void actions()
        .sessionControls()
        .then((controls) => controls.markRead(gatewayId, key))
        .catch(() => undefined)
    }
    markRead()
    document.addEventListener('visibilitychange', markRead)
    return () => document.removeEventListener('visibilitychange', markRead)
  }, [gatewayId, open?.key, open?.unread, isConnected])

  const create = async () => {
    setError(null)
    try {
      await actions().createSession(gatewayId)
    } catch (cause) {
      setError(t('failed', { reason: cause instanceof Error ? cause.message : t('refused') }))
    }
  }
  return (
    <nav className="sessions" aria-label={t('sessions')}>
      <div className="sessions-tools">
        <button type="button" className="primary" onClick={() => void create()} disabled={!isConnected}>
          {t('newChat')}
        </button>
        {/* Always drawn (disabled until the open chat is listed): what it announces outlives the chat it archived. */}
        <SessionMenu gatewayId={gatewayId} session={open} isConnected={isConnected} onShowArchived={() => setShowArchived(true)} />
        {isConnected && <SessionSearch gatewayId={gatewayId} />}
      </div>
      <ul aria-label={t('chats')}>
        {sessions.map((session) => (
          <li key={session.key}>
            <button
              type="button"
              className="session"
              aria-current={session.key === current ? 'page' : undefined}
              onClick={() => void actions().openSession(gatewayId, session.key)}
              // A title from the gateway is the conversation's words (never translated); a long one ends in an
              // ellipsis, so its whole text is in the tooltip.
              title={session.title}
            >
              <span translate={session.title ? 'no' : undefined}>{titleOf(session)}</span>
              {session.unread && session.key !== current && <span className="unread-dot" role="img" aria-label={t('unread')} />}
            </button>
          </li>
        ))}
      </ul>
      {showArchived && <ArchivedSessions gatewayId={gatewayId} isConnected={isConnected} onClose={() => setShowArchived(false)} />}
      {error && (
        <p className="error-message" role="alert">
          {error}
        </p>
      )}
    </nav>
  )
}
