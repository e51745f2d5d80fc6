/**
 * The one owner of chat on the wire for one operator gateway: every `chat.history` request (the
 * newest page, older pages, the outbox pacer's probes), every `chat.send` and `chat.abort`, the
 * parse of each `chat` event (once, whoever listens), and the rule that turns the gateway's alias
 * for the main session into its canonical key. The chat slice and the outbox pump both work
 * through it, so neither reads the wire on its own. Framework-free.
 */
import { ChatEvent, type GatewayClient } from '../gateway'
import { caughtUpMessage, parseHistory, type ParsedHistory } from './chatHistory'

/** The gateway's alias for the main session, used only until a hello-ok names the canonical key. */
export const MAIN_ALIAS = 'main'

export type HistoryQuery = { limit: number; offset?: number; maxChars?: number }
/** A catch-up from a `deltaCursor`: only what changed since the answer that gave it. */
export type DeltaQuery = { cursor: string; maxChars?: number }

/**
 * Told when a `chat.history` request leaves, before anything else can happen; returns what to do
 * with its answer (null: the answer did not match the protocol). The pacer takes its mark here, so
 * an answer that an event overtook is known to be stale.
 */
export type HistoryObserver = (sessionKey: string, query: HistoryQuery) => (answer: ParsedHistory | null) => void

export type ChatLink = {
  readonly client: GatewayClient
  /** The key events and the gateway use for a session: the main session's alias becomes its canonical key once known. */
  canonicalKey(sessionKey: string | null): string
  /** Each `chat` event, parsed once; malformed ones never reach a listener. */
  onChatEvent(listener: (event: ChatEvent) => void): () => void
  observeHistory(observer: HistoryObserver): () => void
  /**
   * One page of a session's history, or a catch-up (`isDelta`, or a page-less "reset" answer), read; null when the
   * answer does not match the protocol. Rejects as the request does. Only pages are shown to history observers.
   */
  history(sessionKey: string, query: HistoryQuery | DeltaQuery): Promise<ParsedHistory | null>
  /** One stored message, whole (`chat.message.get`); read by the caller (wholeMessage.ts). */
  message(sessionKey: string, messageId: string): Promise<unknown>
  /**
   * The newest page `chat.history` last gave for the session, as it came: the tool calls and results
   * in it are read by the tool-activity chunk (toolActivity.ts), which the first screen does not carry.
   */
  latestPage(sessionKey: string): unknown
  send(params: ChatSendParams): Promise<unknown>
  abort(sessionKey: string): Promise<unknown>
  dispose(): void
}

export type ChatSendParams = {
  sessionKey: string
  message: string
  idempotencyKey: string
  attachments?: Array<{ type: string; mimeType: string; fileName: string; origin: string; content: string; sizeBytes: number }>
}

/** A newest page with a catch-up's messages after its own (a catch-up's entries are `session.message` envelopes). */
function withCaughtUp(page: unknown, delta: unknown): unknown {
  const messagesOf = (value: unknown): unknown[] => {
    const messages = (value as { messages?: unknown } | null)?.messages
    return Array.isArray(messages) ? messages : []
  }
  const added = messagesOf(delta).map((entry) => caughtUpMessage(entry) ?? entry)
  return { ...(page as object), messages: [...messagesOf(page), ...added] }
}

/** Each client's chat link, for the lazy chunks that read through it (session controls, tool activity). */
const links = new WeakMap<GatewayClient, ChatLink>()
export const linkOf = (client: GatewayClient): ChatLink | undefined => links.get(client)

export function createChatLink(client: GatewayClient): ChatLink {
  const latestPages = new Map<string, unknown>()
  const chatListeners = new Set<(event: ChatEvent) => void>()
  const historyObservers = new Set<HistoryObserver>()

  const offEvents = client.onEvent((frame) => {
    if (frame.event !== 'chat' || chatListeners.size === 0) return
    const parsed = ChatEvent.safeParse(frame.payload)
    if (!parsed.success) return
    for (const listener of [...chatListeners]) listener(parsed.data)
  })

  const link: ChatLink = {
    client,

    canonicalKey(sessionKey) {
      const defaults = client.helloOk?.snapshot?.sessionDefaults
      // NOTE: events carry canonical keys ("agent:main:main"); the alias "main" (or the gateway's own
      // mainKey) names the same session and must not stay in use once the canonical key is known.
      const isMainAlias = sessionKey === null || sessionKey === MAIN_ALIAS || sessionKey === defaults?.mainKey
      return (isMainAlias ? defaults?.mainSessionKey : sessionKey) ?? sessionKey ?? MAIN_ALIAS
    },

    onChatEvent(listener) {
      chatListeners.add(listener)
      return () => chatListeners.delete(listener)
    },

    observeHistory(observer) {
      historyObservers.add(observer)
      return () => historyObservers.delete(observer)
    },

    async history(sessionKey, query) {
      if ('cursor' in query) {
        const raw = await client.request('chat.history', { sessionKey, ...query })
        const parsed = parseHistory(raw)
        // What came after the newest page joins it, for the tool-activity chunk that reads the page's raw messages.
        if (parsed?.isDelta) latestPages.set(sessionKey, withCaughtUp(latestPages.get(sessionKey), raw))
        return parsed
      }
      const { limit, offset, maxChars } = query
      const answers = [...historyObservers].map((observer) => observer(sessionKey, { limit, offset, maxChars }))
      const raw = await client.request('chat.history', {
        sessionKey,
        limit,
        ...(offset === undefined ? {} : { offset }),
        ...(maxChars === undefined ? {} : { maxChars }),
      })
      if (offset === undefined) latestPages.set(sessionKey, raw)
      const parsed = parseHistory(raw)
      for (const answer of answers) answer(parsed)
      return parsed
    },

    latestPage: (sessionKey) => latestPages.get(sessionKey),
    message: (sessionKey, messageId) => client.request('chat.message.get', { sessionKey, messageId }),
    send: (params) => client.request('chat.send', params),
    abort: (sessionKey) => client.request('chat.abort', { sessionKey }),

    dispose() {
      offEvents()
      chatListeners.clear()
      historyObservers.clear()
      latestPages.clear()
      links.delete(client)
    },
  }
  links.set(client, link)
  return link
}
