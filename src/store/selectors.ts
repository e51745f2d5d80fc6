/** Pure views of the state for the UI; no hooks here. */
import type { ConnectionStatus } from '../gateway'
import type { ChatItem, ChatView } from './chatSlice'
import type { AppState } from './store'

/** The words the "Connection status" live region announces. */
export function statusLabel(status: ConnectionStatus | undefined): string {
  switch (status?.phase) {
    case 'connected':
      return 'Connected'
    case 'waiting-approval':
      return 'Waiting for approval'
    case 'reconnecting':
      return 'Reconnecting'
    case 'offline':
      return 'Offline'
    case 'needs-user':
      return 'Needs attention'
    case 'stopped':
      return 'Stopped'
    default:
      return 'Connecting'
  }
}

export const activeGateway = (state: AppState) => state.gateways.find((gateway) => gateway.id === state.activeGatewayId)

export const activeStatus = (state: AppState): ConnectionStatus | undefined =>
  state.activeGatewayId ? state.statuses[state.activeGatewayId] : undefined

/** History followed by what is still on its way (queued messages, streaming replies). */
export const chatItems = (chat: ChatView | undefined): ChatItem[] => {
  if (!chat) return []
  return chat.live.length ? [...chat.history, ...chat.live] : chat.history
}
