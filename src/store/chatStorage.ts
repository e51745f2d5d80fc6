/**
 * What chat keeps on the device: the outbox (messages written before their first send attempt and
 * kept until the gateway acknowledges them) and a cache of each session's history for reading
 * offline. Both are versioned and parsed on load.
 */
import { del, delMany, get, keys, set, update, type UseStore } from 'idb-keyval'
import { openDatabase } from './databases'
import * as z from 'zod/mini'
import { integer } from '../gateway'
import { keepAside } from './quarantine'

const outboxDb: UseStore = openDatabase('outbox')
const historyDb: UseStore = openDatabase('history')

export const OutboxAttachment = z.object({
  /** Any type: chat.send takes files other than images too (the gateway sniffs the content and keeps it as media). */
  mimeType: z.string().check(z.minLength(1)),
  fileName: z.string(),
  origin: z.literal(['paste', 'file']),
  /** base64, as chat.send takes it */
  content: z.string(),
  sizeBytes: integer().check(z.nonnegative()),
})
export type OutboxAttachment = z.infer<typeof OutboxAttachment>

// Loose objects: fields a newer version added survive this version's writes.
export const OutboxEntry = z.looseObject({
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

/** Each entry is parsed on its own: one unreadable entry must not take the gateway's other messages with it. */
const OutboxRecord = z.looseObject({ v: z.literal(1), entries: z.array(z.unknown()) })

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
  /** The gateway sent only the start of the text (its display cap). */
  truncated: z.optional(z.boolean()),
})
export type CachedMessage = z.infer<typeof CachedMessage>

const HistoryRecord = z.looseObject({ v: z.literal(1), savedAtMs: z.number(), messages: z.array(CachedMessage) })

/**
 * The gateway's queued messages. An unreadable entry is moved to the quarantine database (the others
 * stay queued); an unreadable record as a whole is moved there too.
 */
export async function loadOutbox(gatewayId: string): Promise<OutboxEntry[]> {
  const raw = await get(gatewayId, outboxDb)
  if (raw === undefined) return []
  const { readable, unreadable, error } = readOutbox(raw)
  if (error) await keepAside('outbox', gatewayId, raw, error, () => del(gatewayId, outboxDb))
  for (const [candidate, issue] of unreadable) await keepAside('outbox entry', gatewayId, candidate, issue, () => removeRawEntry(gatewayId, candidate))
  return readable
}

/** The record's entries, each parsed on its own; `error` when the record as a whole is unreadable. */
function readOutbox(raw: unknown) {
  const record = OutboxRecord.safeParse(raw)
  const readable: OutboxEntry[] = []
  const unreadable: Array<[unknown, z.core.$ZodError]> = []
  for (const candidate of record.success ? record.data.entries : []) {
    const entry = OutboxEntry.safeParse(candidate)
    if (entry.success) readable.push(entry.data)
    else unreadable.push([candidate, entry.error])
  }
  return { record: record.data, readable, unreadable, error: raw !== undefined && !record.success ? record.error : undefined }
}

function removeRawEntry(gatewayId: string, unreadable: unknown): Promise<void> {
  const same = JSON.stringify(unreadable)
  return update(
    gatewayId,
    (raw) => ({ ...(raw as object), entries: (raw as { entries: unknown[] }).entries.filter((entry) => JSON.stringify(entry) !== same) }),
    outboxDb,
  )
}

/** The gateway's outbox record cannot be read, so no entry is written into it (loadOutbox keeps it aside). */
export class UnreadableOutboxError extends Error {
  override name = 'UnreadableOutboxError'
}

/** NOTE: `update` reads and writes in one transaction; unreadable entries stay as they are (loadOutbox moves them aside). */
function updateOutbox(gatewayId: string, change: (entries: OutboxEntry[]) => OutboxEntry[]): Promise<void> {
  return update(
    gatewayId,
    (raw) => {
      const { record, readable, unreadable, error } = readOutbox(raw)
      if (error) throw new UnreadableOutboxError()
      return { ...record, v: 1, entries: [...unreadable.map(([candidate]) => candidate), ...change(readable)] }
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

const draftsDb: UseStore = openDatabase('drafts')
const Draft = z.looseObject({ v: z.literal(1), text: z.string() })

export async function loadDraft(gatewayId: string): Promise<string> {
  const raw = await get(gatewayId, draftsDb)
  if (raw === undefined) return ''
  const parsed = Draft.safeParse(raw)
  if (parsed.success) return parsed.data.text
  // Not overwritten by the next keystroke's save: it may be text someone typed in a newer version.
  await keepAside('draft', gatewayId, raw, parsed.error, () => del(gatewayId, draftsDb))
  return ''
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
  await keepAside('history', gatewayId, raw, parsed.error, () => del(historyKey(gatewayId, sessionKey), historyDb))
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
