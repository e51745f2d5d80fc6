/**
 * What chat keeps on the device: the outbox (messages written before their first send attempt and
 * kept until the gateway acknowledges them) and a cache of each session's history for reading
 * offline. Both are versioned and parsed on load.
 */
import { createStore, del, delMany, get, keys, set, update, type UseStore } from 'idb-keyval'
import * as z from 'zod/mini'
import { integer } from '../gateway'
import { reportDroppedRecord } from './diagnostics'

const outboxDb: UseStore = createStore('openclaw-companion-outbox', 'outbox')
const historyDb: UseStore = createStore('openclaw-companion-history', 'history')

export const OutboxAttachment = z.object({
  mimeType: z.string().check(z.refine((type) => type.startsWith('image/'))),
  fileName: z.string(),
  origin: z.literal(['paste', 'file']),
  /** base64, as chat.send takes it */
  content: z.string(),
  sizeBytes: integer().check(z.nonnegative()),
})
export type OutboxAttachment = z.infer<typeof OutboxAttachment>

export const OutboxEntry = z.object({
  idempotencyKey: z.string().check(z.minLength(1)),
  sessionKey: z.string().check(z.minLength(1)),
  text: z.string(),
  attachments: z._default(z.array(OutboxAttachment), []),
  createdAtMs: z.number(),
  /** Send attempts so far; after the gateway's dedupe window, history is checked before another. */
  attempts: z._default(integer().check(z.nonnegative()), 0),
  state: z.literal(['pending', 'failed']),
  error: z.optional(z.string()),
})
export type OutboxEntry = z.infer<typeof OutboxEntry>

const OutboxRecord = z.object({ v: z.literal(1), entries: z.array(OutboxEntry) })

export const CachedMessage = z.object({
  id: z.string(),
  role: z.literal(['user', 'assistant']),
  text: z.string(),
  timestamp: z.optional(z.number()),
  /** For user turns: the idempotency key the message was sent with. */
  inputKey: z.optional(z.string()),
  /** For replies: the run that produced it (= the user turn's idempotency key for chat.send runs). */
  runId: z.optional(z.string()),
  images: z.optional(integer().check(z.nonnegative())),
})
export type CachedMessage = z.infer<typeof CachedMessage>

const HistoryRecord = z.object({ v: z.literal(1), savedAtMs: z.number(), messages: z.array(CachedMessage) })

export async function loadOutbox(gatewayId: string): Promise<OutboxEntry[]> {
  const raw = await get(gatewayId, outboxDb)
  if (raw === undefined) return []
  const parsed = OutboxRecord.safeParse(raw)
  if (parsed.success) return parsed.data.entries
  reportDroppedRecord('outbox', parsed.error)
  await del(gatewayId, outboxDb)
  return []
}

function updateOutbox(gatewayId: string, change: (entries: OutboxEntry[]) => OutboxEntry[]): Promise<void> {
  return update(
    gatewayId,
    (raw) => {
      const parsed = OutboxRecord.safeParse(raw)
      return { v: 1, entries: change(parsed.success ? parsed.data.entries : []) }
    },
    outboxDb,
  )
}

/** Resolves once the entry is durably in IndexedDB: only then may the first send attempt start. */
export function addToOutbox(gatewayId: string, entry: OutboxEntry): Promise<void> {
  return updateOutbox(gatewayId, (entries) => [...entries.filter((e) => e.idempotencyKey !== entry.idempotencyKey), entry])
}

export function removeFromOutbox(gatewayId: string, idempotencyKey: string): Promise<void> {
  return updateOutbox(gatewayId, (entries) => entries.filter((entry) => entry.idempotencyKey !== idempotencyKey))
}

export function markOutboxEntry(gatewayId: string, idempotencyKey: string, change: Partial<Pick<OutboxEntry, 'state' | 'error' | 'attempts'>>): Promise<void> {
  return updateOutbox(gatewayId, (entries) => entries.map((entry) => (entry.idempotencyKey === idempotencyKey ? { ...entry, ...change } : entry)))
}

const draftsDb: UseStore = createStore('openclaw-companion-drafts', 'drafts')
const Draft = z.object({ v: z.literal(1), text: z.string() })

export async function loadDraft(gatewayId: string): Promise<string> {
  const parsed = Draft.safeParse(await get(gatewayId, draftsDb))
  return parsed.success ? parsed.data.text : ''
}

export function saveDraft(gatewayId: string, text: string): Promise<void> {
  return text ? set(gatewayId, { v: 1, text }, draftsDb) : del(gatewayId, draftsDb)
}

const historyKey = (gatewayId: string, sessionKey: string) => `${gatewayId}\u0000${sessionKey}`

export async function loadCachedHistory(gatewayId: string, sessionKey: string): Promise<CachedMessage[]> {
  const raw = await get(historyKey(gatewayId, sessionKey), historyDb)
  if (raw === undefined) return []
  const parsed = HistoryRecord.safeParse(raw)
  if (parsed.success) return parsed.data.messages
  reportDroppedRecord('history', parsed.error)
  await del(historyKey(gatewayId, sessionKey), historyDb)
  return []
}

export function saveCachedHistory(gatewayId: string, sessionKey: string, messages: CachedMessage[]): Promise<void> {
  return set(historyKey(gatewayId, sessionKey), { v: 1, savedAtMs: Date.now(), messages }, historyDb)
}

/** Deletes the gateway's outbox and every cached session of it. */
export async function forgetChatData(gatewayId: string): Promise<void> {
  const prefix = historyKey(gatewayId, '')
  const cached = (await keys(historyDb)).filter((key) => typeof key === 'string' && key.startsWith(prefix))
  await Promise.all([del(gatewayId, outboxDb), del(gatewayId, draftsDb), delMany(cached, historyDb)])
}
