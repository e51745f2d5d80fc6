/**
 * Where a tapped notification leads: the service worker either tells an open window
 * (`{ type: 'open-notification', … }`, see src/sw/push.ts) or opens the app at
 * `?gateway=<id>&approval=<id>` (or `question=`, `session=`). Either way the app opens that gateway
 * and, once the gateway has said what is pending, moves to the approval, question or session.
 */
import type { AppState, NoticeTarget } from '../../store'
import { openRequest } from '../approvals/openRequest'
import { appStore } from '../../store'
import { actions } from '../useApp'

export type NoticeLink = { gatewayId: string; target: NoticeTarget }

/** How long a link waits for the gateway to connect and list what is pending. */
const WAIT_MS = 60_000

export function readLinkFromSearch(search: string): NoticeLink | null {
  const query = new URLSearchParams(search)
  const gatewayId = query.get('gateway')
  if (!gatewayId) return null
  const approvalId = query.get('approval')
  const questionId = query.get('question')
  const sessionKey = query.get('session')
  const target: NoticeTarget = approvalId
    ? { kind: 'approval', approvalId }
    : questionId
      ? { kind: 'question', questionId }
      : sessionKey
        ? { kind: 'session', sessionKey }
        : { kind: 'gateway' }
  return { gatewayId, target }
}

export function readLinkFromMessage(data: unknown): NoticeLink | null {
  if (!data || typeof data !== 'object') return null
  const message = data as { type?: unknown; gatewayId?: unknown; target?: { kind?: unknown } }
  if (message.type !== 'open-notification' || typeof message.gatewayId !== 'string' || typeof message.target?.kind !== 'string') return null
  return { gatewayId: message.gatewayId, target: message.target as NoticeTarget }
}

/** Resolves with the first value `pick` finds in the state, or null after `ms`. */
function waitFor<T>(pick: (state: AppState) => T | null | undefined, ms = WAIT_MS): Promise<T | null> {
  return new Promise((resolve) => {
    const found = pick(appStore.getState())
    if (found) return resolve(found)
    const stop = appStore.subscribe((state) => {
      const value = pick(state)
      if (!value) return
      stop()
      clearTimeout(timer)
      resolve(value)
    })
    const timer = setTimeout(() => {
      stop()
      resolve(null)
    }, ms)
  })
}

let latest = 0

export async function openLink(link: NoticeLink): Promise<void> {
  const mine = ++latest // a newer tap wins over one still waiting
  const gateway = await waitFor((state) => state.isReady && state.gateways.find((record) => record.id === link.gatewayId))
  if (!gateway || mine !== latest) return
  actions().selectGateway(gateway.id)
  const { target } = link
  if (target.kind === 'approval' || target.kind === 'question') {
    const id = target.kind === 'approval' ? target.approvalId : target.questionId
    const request = await waitFor((state) => {
      const view = state.approvals[gateway.id]
      return target.kind === 'approval' ? view?.entries.find((entry) => entry.id === id) : view?.questions.find((question) => question.id === id)
    })
    // Answered elsewhere before the app came up and no longer listed: the gateway's chat is what is left to show.
    if (request && mine === latest) openRequest(gateway.id, request.sessionKey, id, null)
  } else if (target.kind === 'session') {
    const sessionKey = target.sessionKey
    const ready = await waitFor((state) => state.sessions[gateway.id] !== undefined)
    if (ready && mine === latest) void actions().openSession(gateway.id, sessionKey)
  }
}

/** Follows the link the app was opened with (then takes it off the address) and every tap while it runs. */
export function startNotificationLinks(): () => void {
  const link = readLinkFromSearch(location.search)
  if (link) {
    history.replaceState(history.state, '', location.pathname + location.hash)
    void openLink(link)
  }
  const container = navigator.serviceWorker
  const onMessage = (event: MessageEvent) => {
    const tapped = readLinkFromMessage(event.data)
    if (tapped) void openLink(tapped)
  }
  container?.addEventListener('message', onMessage)
  return () => container?.removeEventListener('message', onMessage)
}
