/**
 * Reads a `chat.history` result into what the transcript shows and the device caches. The gateway
 * tags each user turn with `<idempotencyKey>:user` and each reply with its runId, which is how the
 * outbox knows a message arrived and how live items give way to their history copies.
 */
import { ChatHistoryResult, HistoryMessage, InFlightRun, messageText, PendingInputs } from '../gateway'
import type { CachedMessage } from './chatStorage'

export type ParsedHistory = {
  messages: CachedMessage[]
  hasMore: boolean
  nextOffset: number | null
  inFlightRun: { runId: string; text: string } | null
  /** How many accepted messages wait in the gateway's queue for the session (0 when it does not say). */
  pendingInputs: number
  /** A catch-up's answer: `messages` are what came after the cursor it was asked from. */
  isDelta: boolean
  /** Where a catch-up can start next time (the gateway's opaque `deltaCursor`), when it gave one. */
  deltaCursor?: string
}

const USER_KEY_SUFFIX = ':user'

/** A catch-up's entry is a `session.message` payload: the message is inside, beside the session's state. */
export const caughtUpMessage = (entry: unknown): unknown => (entry as { message?: unknown } | null)?.message

export function parseHistory(raw: unknown): ParsedHistory | null {
  const result = ChatHistoryResult.safeParse(raw)
  if (!result.success) return null
  // NOTE: the transcript keys items by id. A message without __openclaw.id is named by its seq, else
  // by its position in the session (page offset + index), so pages loaded later do not take it for
  // one already shown. A page that repeats an id (a gateway bug, or a synthetic id that matches a
  // real one) keeps every item, the later ones renamed.
  const pageOffset = result.data.offset ?? 0
  const seenIds = new Set<string>()
  const uniqueId = (id: string, index: number): string => {
    let candidate = id
    for (let n = index; seenIds.has(candidate); n += 1) candidate = `${id}#${n}`
    seenIds.add(candidate)
    return candidate
  }
  const isDelta = result.data.kind === 'delta'
  const messages = result.data.messages.flatMap((entry, index): CachedMessage[] => {
    const parsed = HistoryMessage.safeParse(isDelta ? caughtUpMessage(entry) : entry)
    if (!parsed.success) return []
    const message = parsed.data
    if (message.role !== 'user' && message.role !== 'assistant') return []
    const meta = message.__openclaw
    const inputKey = message.idempotencyKey?.endsWith(USER_KEY_SUFFIX) ? message.idempotencyKey.slice(0, -USER_KEY_SUFFIX.length) : undefined
    const images = meta?.media?.filter((item) => item.kind === 'image' || item.contentType?.startsWith('image/')).length ?? 0
    return [
      {
        id: uniqueId(meta?.id ?? (meta?.seq !== undefined ? `s${meta.seq}` : `h${pageOffset + index}`), index),
        role: message.role,
        text: messageText(message),
        timestamp: message.timestamp,
        ...(inputKey ? { inputKey } : {}),
        ...(meta?.runId ? { runId: meta.runId } : {}),
        ...(images ? { images } : {}),
        ...(meta?.truncated ? { truncated: true } : {}),
      },
    ]
  })
  const inFlightParsed = InFlightRun.safeParse(result.data.inFlightRun)
  const inFlight = inFlightParsed.success ? inFlightParsed.data : null
  return {
    messages,
    hasMore: result.data.hasMore ?? false,
    nextOffset: result.data.nextOffset ?? null,
    inFlightRun: inFlight ? { runId: inFlight.runId, text: inFlight.text ?? '' } : null,
    pendingInputs: pendingCount(result.data.pendingInputs),
    isDelta,
    ...(result.data.deltaCursor ? { deltaCursor: result.data.deltaCursor } : {}),
  }
}

function pendingCount(raw: unknown): number {
  const parsed = PendingInputs.safeParse(raw)
  if (!parsed.success) return 0
  return Math.max(parsed.data.total ?? 0, parsed.data.items?.length ?? 0)
}
