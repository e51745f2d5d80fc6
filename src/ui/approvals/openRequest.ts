import { actions } from '../useApp'
import { belongsTo } from './inbox'

/**
 * Opens the chat a request belongs to, then moves focus to its card once the chat draws it (the
 * user asked for it; nothing else ever moves focus). Falls back to `fallback` if it never shows.
 */
export function openRequest(gatewayId: string, sessionKey: string | undefined, id: string, fallback: HTMLElement | null): void {
  const state = actions()
  state.selectGateway(gatewayId)
  // No session named: the request belongs to the main chat ("main" is the gateway's alias of it).
  const key = sessionKey ?? state.sessions[gatewayId]?.find((row) => row.isMain)?.key ?? 'main'
  if (!belongsTo({ sessionKey }, state.chats[gatewayId]?.sessionKey ?? null)) void state.openSession(gatewayId, key)
  let frames = 0
  const focusCard = () => {
    const card = document.querySelector<HTMLElement>(`[data-request-id="${CSS.escape(id)}"]`)
    if (card) card.focus()
    else if (++frames < 120) requestAnimationFrame(focusCard)
    else fallback?.focus()
  }
  requestAnimationFrame(focusCard)
}
