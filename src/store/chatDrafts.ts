/**
 * The chat feature's drafts: what the user is typing, kept in the store at once and on the device
 * a moment later (debounced), so a reload or a crash loses at most the last few keystrokes.
 */
import { saveDraft, type OutboxAttachment } from './chatStorage'
import type { ChatViews } from './chatView'
import type { WriteGuard } from './writeGuard'

const DRAFT_SAVE_DELAY_MS = 300

export type Drafts = {
  setDraft(gatewayId: string, text: string): void
  /** Writes every pending draft now (before a reload the user asked for). */
  flushDrafts(): Promise<void>
  /**
   * Send pressed: the composer's text and images leave it at once, so what is typed from here on is a
   * new draft and a second Enter finds nothing to send again. Returns what was taken.
   */
  take(gatewayId: string): { draft: string; attachments: OutboxAttachment[] }
  /** Writes the gateway's draft as it is now (after its message reached the outbox: maybe empty). */
  saveNow(gatewayId: string): Promise<void>
  /** A message could not be saved: its text and images go back to the composer, before anything typed since. */
  giveBack(gatewayId: string, text: string, attachments: OutboxAttachment[]): void
  /** Drops a pending save (its gateway's chat detached or is being forgotten). */
  cancel(gatewayId: string): void
}

export function createDrafts({ view, patch }: ChatViews, writes: WriteGuard): Drafts {
  const timers = new Map<string, ReturnType<typeof setTimeout>>()
  const cancel = (gatewayId: string) => {
    clearTimeout(timers.get(gatewayId))
    timers.delete(gatewayId)
  }
  const save = (gatewayId: string, text: string) => writes.run(gatewayId, () => saveDraft(gatewayId, text))

  const setDraft = (gatewayId: string, text: string) => {
    patch(gatewayId, () => ({ draft: text }))
    cancel(gatewayId)
    timers.set(
      gatewayId,
      setTimeout(() => {
        timers.delete(gatewayId)
        void save(gatewayId, text)
      }, DRAFT_SAVE_DELAY_MS),
    )
  }

  return {
    setDraft,

    async flushDrafts() {
      const pending = [...timers.keys()]
      for (const gatewayId of pending) cancel(gatewayId)
      await Promise.all(pending.map((gatewayId) => save(gatewayId, view(gatewayId).draft)))
    },

    take(gatewayId) {
      const { draft, attachments } = view(gatewayId)
      patch(gatewayId, () => ({ draft: '', attachments: [] }))
      return { draft, attachments }
    },

    async saveNow(gatewayId) {
      cancel(gatewayId)
      await save(gatewayId, view(gatewayId).draft)
    },

    giveBack(gatewayId, text, attachments) {
      const current = view(gatewayId)
      patch(gatewayId, () => ({ attachments: [...attachments, ...current.attachments] }))
      setDraft(gatewayId, current.draft ? `${text}\n${current.draft}` : text)
    },

    cancel,
  }
}
