import type { SessionRow } from '../../store'
import { defineMessages } from '../../i18n'
import { useText } from '../useText'

const TEXT = defineMessages('sessions.names', {
  mainChat: 'Main chat',
  /** A session the gateway has not named yet: never "New chat", which is the button beside it. */
  untitled: 'Untitled chat',
})

/** A session's name as the user sees it: its own or the gateway's, else the app's words for the main or an unnamed one. */
export function useSessionTitle(): (session: Pick<SessionRow, 'title' | 'isMain'>) => string {
  const t = useText(TEXT)
  return (session) => session.title ?? (session.isMain ? t('mainChat') : t('untitled'))
}
