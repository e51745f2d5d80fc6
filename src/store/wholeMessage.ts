/**
 * A reply the history cut short (the gateway caps each text block it sends with `chat.history`)
 * fetched whole with `chat.message.get` through the chat link, read with zod, and put in place of the
 * cut one in the open session's history. A chunk loaded the first time the reader asks.
 */
import { HistoryMessage, messageText } from '../gateway'
import { ChatMessageGetResult } from '../gateway/sessions'
import type { ChatLink } from './chatLink'
import type { ChatViews } from './chatView'

/** Why the whole text is not there: the gateway's reason (`not_found`, `oversized`, `not_visible`) or `unreadable`. */
export class WholeMessageUnavailable extends Error {
  override name = 'WholeMessageUnavailable'
}

export async function readWhole(views: Pick<ChatViews, 'view' | 'patch'>, link: ChatLink | undefined, gatewayId: string, messageId: string): Promise<void> {
  const sessionKey = views.view(gatewayId).sessionKey
  if (!link || !sessionKey) throw new WholeMessageUnavailable('offline')
  const result = ChatMessageGetResult.safeParse(await link.message(link.canonicalKey(sessionKey), messageId))
  if (!result.success) throw new WholeMessageUnavailable('unreadable')
  const message = HistoryMessage.safeParse(result.data.message)
  if (!result.data.ok || !message.success) throw new WholeMessageUnavailable(result.data.unavailableReason ?? 'unreadable')
  const text = messageText(message.data)
  // The reader may have switched sessions meanwhile: the text belongs to the one it came from.
  if (views.view(gatewayId).sessionKey !== sessionKey) return
  views.patch(gatewayId, ({ history }) => ({
    history: history.map((item) => (item.id === messageId && item.kind === 'reply' ? { ...item, text, truncated: false } : item)),
  }))
}
