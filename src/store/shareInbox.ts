/**
 * The page's side of the share target: the shares the service worker stored (src/sw/shareTarget.ts), read
 * back and parsed, marked with the gateway whose composer holds them, and deleted once a message took them
 * (or the user discarded them). A chunk loaded when a composer opens (`shareInbox()` in the store's index).
 * NOTE: its storage calls come from the entry (shareLoader.ts), and its schema from zodKit: imported here,
 * idb-keyval, databases.ts and zod would move out of the entry into chunks of their own (see quarantine.ts).
 */
import type { del, set, UseStore, values } from 'idb-keyval'
import type { core } from 'zod/mini'
import { type ShareRecord, shareText, zodKit as z } from '../gateway'

export type { ShareRecord }

const ShareRecordSchema = z.looseObject({
  v: z.literal(1),
  id: z.string().check(z.minLength(1)),
  receivedAtMs: z.number(),
  title: z.string(),
  text: z.string(),
  url: z.string(),
  files: z.array(z.looseObject({ name: z.string(), type: z.string(), size: z.number(), blob: z.unknown().check(z.refine((blob) => blob instanceof Blob)) })),
  refused: z.array(z.looseObject({ name: z.string(), reason: z.literal(['not-image', 'too-big', 'too-many', 'empty']) })),
  cut: z.boolean(),
  placedIn: z.nullable(z.string()),
})

/** A record the worker wrote (this version, a Blob in each file), or null. */
export function readShareRecord(raw: unknown): ShareRecord | null {
  const parsed = ShareRecordSchema.safeParse(raw)
  return parsed.success ? (parsed.data as ShareRecord) : null
}

export type ShareTools = {
  values: typeof values
  set: typeof set
  del: typeof del
  db: UseStore
  keepAside(record: string, gatewayId: string, raw: unknown, error: core.$ZodError, remove: () => Promise<void>): Promise<void>
}

export function createShareInbox({ values, set, del, db, keepAside }: ShareTools) {
  return {
    shareText,
    /** Every stored share, oldest first; one the app cannot read is kept aside (quarantine), not shown. */
    async pendingShares(): Promise<ShareRecord[]> {
      const readable: ShareRecord[] = []
      for (const raw of await values(db)) {
        const parsed = ShareRecordSchema.safeParse(raw)
        if (parsed.success) readable.push(parsed.data as ShareRecord)
        else {
          const id = (raw as { id?: unknown } | null)?.id
          await keepAside('share', '', raw, parsed.error, () => (typeof id === 'string' ? del(id, db) : Promise.resolve()))
        }
      }
      return readable.sort((a, b) => a.receivedAtMs - b.receivedAtMs)
    },
    /** Which gateway's composer holds the share now (null: none; the next composer that opens takes it). */
    markPlaced: (share: ShareRecord, gatewayId: string | null): Promise<void> => set(share.id, { ...share, placedIn: gatewayId }, db),
    dropShare: (id: string): Promise<void> => del(id, db),
  }
}
export type ShareInbox = ReturnType<typeof createShareInbox>
