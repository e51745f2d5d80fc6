/**
 * A reply the history cut short (the gateway caps each text block it sends with `chat.history`)
 * fetched whole with `chat.message.get` through the chat link, read with zod, and put in place of the
 * cut one in the open session's history. Part of the session controls' chunk: loaded on first use.
 */
import { HistoryMessage, messageText } from '../gateway'
import { ChatMessageGetResult } from '../gateway/sessions'
import type { ChatLink } from './chatLink'
import type { StoreAccess } from './feature'

/** Why the whole text is not there: the gateway's reason (`not_found`, `oversized`, `not_visible`), `offline` or `unreadable`. */
export class WholeMessageUnavailable extends Error {
  override name = 'WholeMessageUnavailable'
}

export async function readWhole(
  { get, set }: Pick<StoreAccess, 'get' | 'set'>,
  link: ChatLink | undefined,
  gatewayId: string,
  messageId: string,
): Promise<void> {
  const sessionKey = get().chats[gatewayId]?.sessionKey
  if (!link || !sessionKey) throw new WholeMessageUnavailable('offline')
  const result = ChatMessageGetResult.safeParse(await link.message(link.canonicalKey(sessionKey), messageId))
  if (!result.success) throw new WholeMessageUnavailable('unreadable')
  const message = HistoryMessage.safeParse(result.data.message)
  if (!result.data.ok || !message.success) throw new WholeMessageUnavailable(result.data.unavailableReason ?? 'unreadable')
  const text = messageText(message.data)
  // The reader may have switched sessions meanwhile: the text belongs to the one it came from.
  const view = get().chats[gatewayId]
  if (view?.sessionKey !== sessionKey) return
  const history = view.history.map((item) => (item.id === messageId && item.kind === 'reply' ? { ...item, text, truncated: false } : item))
  set({ chats: { ...get().chats, [gatewayId]: { ...view, history } } })
}
