import { useState } from 'react'
import type { SessionRow } from '../../store'
import { defineMessages } from '../../i18n'
import { actions, useApp } from '../useApp'
import { useText } from '../useText'

const TEXT = defineMessages('chat.sessions', {
  failed: 'Could not start a new chat: {reason}.',
  refused: 'the gateway refused',
  sessions: 'Sessions',
  newChat: 'New chat',
  mainChat: 'Main chat',
})

const NO_SESSIONS: SessionRow[] = []

/** The gateway's sessions, newest first; "New chat" starts one. */
export function SessionsNav({ gatewayId, isConnected }: { gatewayId: string; isConnected: boolean }) {
  const sessions = useApp((s) => s.sessions[gatewayId] ?? NO_SESSIONS)
  const current = useApp((s) => s.chats[gatewayId]?.sessionKey ?? null)
  const [error, setError] = useState<string | null>(null)
  const t = useText(TEXT)
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
      <button type="button" className="primary" onClick={() => void create()} disabled={!isConnected}>
        {t('newChat')}
      </button>
      <ul>
        {sessions.map((session) => (
          <li key={session.key}>
            <button
              type="button"
              className="session"
              aria-current={session.key === current ? 'page' : undefined}
              onClick={() => void actions().openSession(gatewayId, session.key)}
              // A title from the gateway is the conversation's words (never translated); a long one ends in an
              // ellipsis, so its whole text is in the tooltip.
              translate={session.title ? 'no' : undefined}
              title={session.title}
            >
              {session.title ?? (session.isMain ? t('mainChat') : t('newChat'))}
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p className="error-message" role="alert">
          {error}
        </p>
      )}
    </nav>
  )
}
