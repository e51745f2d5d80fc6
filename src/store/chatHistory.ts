/**
 * Reads a `chat.history` result into what the transcript shows and the device caches. The gateway
 * tags each user turn with `<idempotencyKey>:user` and each reply with its runId, which is how the
 * outbox knows a message arrived and how live items give way to their history copies.
 */
import { z } from 'zod'
import { ChatMessage, messageText } from '../gateway'
import type { CachedMessage } from './chatStorage'

const Meta = z.looseObject({
  id: z.string().optional(),
  runId: z.string().optional(),
  media: z.array(z.looseObject({ kind: z.string().optional(), contentType: z.string().optional() })).optional(),
})

const HistoryMessage = ChatMessage.extend({
  idempotencyKey: z.string().optional(),
  __openclaw: Meta.optional(),
})

const InFlightRun = z.looseObject({ runId: z.string().min(1), text: z.string().optional() })

export const HistoryResult = z.looseObject({
  messages: z.array(z.unknown()).default([]),
  hasMore: z.boolean().optional(),
  nextOffset: z.number().int().nullable().optional(),
  inFlightRun: InFlightRun.nullable().optional(),
})

export type ParsedHistory = {
  messages: CachedMessage[]
  hasMore: boolean
  nextOffset: number | null
  inFlightRun: { runId: string; text: string } | null
}

const USER_KEY_SUFFIX = ':user'

export function parseHistory(raw: unknown): ParsedHistory | null {
  const result = HistoryResult.safeParse(raw)
  if (!result.success) return null
  const messages = result.data.messages.flatMap((entry, index): CachedMessage[] => {
    const parsed = HistoryMessage.safeParse(entry)
    if (!parsed.success) return []
    const message = parsed.data
    if (message.role !== 'user' && message.role !== 'assistant') return []
    const meta = message.__openclaw
    const inputKey = message.idempotencyKey?.endsWith(USER_KEY_SUFFIX) ? message.idempotencyKey.slice(0, -USER_KEY_SUFFIX.length) : undefined
    const images = meta?.media?.filter((item) => item.kind === 'image' || item.contentType?.startsWith('image/')).length ?? 0
    return [
      {
        id: meta?.id ?? `h${index}`,
        role: message.role,
        text: messageText(message),
        timestamp: message.timestamp,
        ...(inputKey ? { inputKey } : {}),
        ...(meta?.runId ? { runId: meta.runId } : {}),
        ...(images ? { images } : {}),
      },
    ]
  })
  const inFlight = result.data.inFlightRun
  return {
    messages,
    hasMore: result.data.hasMore ?? false,
    nextOffset: result.data.nextOffset ?? null,
    inFlightRun: inFlight ? { runId: inFlight.runId, text: inFlight.text ?? '' } : null,
  }
}
