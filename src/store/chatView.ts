/**
 * Reading and changing one gateway's chat view in the store: the small helpers the chat feature's
 * parts (history loading, live items, drafts) share.
 */
import type { ChatItem, ChatView } from './chatItems'
import type { StoreAccess } from './feature'

export const EMPTY_CHAT_VIEW: ChatView = {
  sessionKey: null,
  history: [],
  live: [],
  historyState: 'idle',
  hasOlder: false,
  olderOffset: null,
  olderError: null,
  draft: '',
  attachments: [],
  isStartingSession: false,
}

type UserItem = Extract<ChatItem, { kind: 'user' }>

export type ChatViews = {
  view(gatewayId: string): ChatView
  patch(gatewayId: string, change: (current: ChatView) => Partial<ChatView>): void
  /** Adds a live item, or replaces the one with its id. */
  upsertLive(gatewayId: string, item: ChatItem): void
  updateUser(gatewayId: string, id: string, change: (item: UserItem) => Partial<UserItem>): void
  /** Drops the gateway's view (it was forgotten). */
  remove(gatewayId: string): void
}

export function createChatViews({ set, get }: Pick<StoreAccess, 'set' | 'get'>): ChatViews {
  const view = (gatewayId: string): ChatView => get().chats[gatewayId] ?? EMPTY_CHAT_VIEW
  const patch: ChatViews['patch'] = (gatewayId, change) => set({ chats: { ...get().chats, [gatewayId]: { ...view(gatewayId), ...change(view(gatewayId)) } } })
  return {
    view,
    patch,
    upsertLive: (gatewayId, item) =>
      patch(gatewayId, ({ live }) => ({
        live: live.some((existing) => existing.id === item.id) ? live.map((existing) => (existing.id === item.id ? item : existing)) : [...live, item],
      })),
    updateUser: (gatewayId, id, change) =>
      patch(gatewayId, ({ live }) => ({ live: live.map((item) => (item.id === id && item.kind === 'user' ? { ...item, ...change(item) } : item)) })),
    remove(gatewayId) {
      const { [gatewayId]: _forgotten, ...chats } = get().chats
      set({ chats })
    },
  }
}
