/** Pure views of the state for the UI; no hooks here. */
import type { ConnectionStatus } from '../gateway'
import type { ChatItem, ChatView } from './chatItems'
import type { AppState } from './store'

export const activeGateway = (state: AppState) => state.gateways.find((gateway) => gateway.id === state.activeGatewayId)

export const activeStatus = (state: AppState): ConnectionStatus | undefined => (state.activeGatewayId ? state.statuses[state.activeGatewayId] : undefined)

/** History followed by what is still on its way (queued messages, streaming replies). */
export const chatItems = (chat: ChatView | undefined): ChatItem[] => {
  if (!chat) return []
  return chat.live.length ? [...chat.history, ...chat.live] : chat.history
}

/** Gateway defaults (openclaw 2026.9.6) until a hello-ok says otherwise. */
export const DEFAULT_ATTACHMENT_LIMITS = { maxImageBytes: 6_291_456, maxBytes: 20_971_520 }

export function attachmentLimits(status: ConnectionStatus | undefined): { maxImageBytes: number; maxBytes: number } {
  const policy = status?.phase === 'connected' ? status.hello.policy?.attachments : undefined
  return {
    maxImageBytes: policy?.maxImageBytes ?? DEFAULT_ATTACHMENT_LIMITS.maxImageBytes,
    maxBytes: policy?.maxBytes ?? DEFAULT_ATTACHMENT_LIMITS.maxBytes,
  }
}
