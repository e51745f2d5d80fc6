import { useState } from 'react'
import type { SessionRow } from '../../store'
import { actions, useApp } from '../useApp'

const NO_SESSIONS: SessionRow[] = []

/** The gateway's sessions, newest first; "New chat" starts one. */
export function SessionsNav({ gatewayId, isConnected }: { gatewayId: string; isConnected: boolean }) {
  const sessions = useApp((s) => s.sessions[gatewayId] ?? NO_SESSIONS)
  const current = useApp((s) => s.chats[gatewayId]?.sessionKey ?? null)
  const [error, setError] = useState<string | null>(null)
  const create = async () => {
    setError(null)
    try {
      await actions().createSession(gatewayId)
    } catch (cause) {
      setError(`Could not start a new chat: ${cause instanceof Error ? cause.message : 'the gateway refused'}.`)
    }
  }
  return (
    <nav className="sessions" aria-label="Sessions">
      <button type="button" className="primary" onClick={() => void create()} disabled={!isConnected}>
        New chat
      </button>
      <ul>
        {sessions.map((session) => (
          <li key={session.key}>
            <button type="button" className="session" aria-current={session.key === current ? 'page' : undefined} onClick={() => void actions().openSession(gatewayId, session.key)}>
              {session.title}
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
