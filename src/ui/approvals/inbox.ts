/**
 * The inbox's view of the store: every request still waiting for an answer, from every saved
 * gateway, oldest first (the one that has waited longest, and expires first, on top), and the
 * decisions of the last 30 days, newest first. Pure, so the ordering and the counts are tested alone.
 */
import type { ApprovalEntry, ApprovalHistoryEntry, ApprovalsView, QuestionEntry } from '../../store'

export type InboxItem = { gatewayId: string; id: string; createdAtMs: number; sessionKey?: string } & (
  | { kind: 'approval'; entry: ApprovalEntry }
  | { kind: 'question'; entry: QuestionEntry }
)

export type InboxDecision = ApprovalHistoryEntry & { gatewayId: string }

const MAIN_SUFFIX = ':main'

/** Whether a request belongs in a chat: its own session, or the main chat when it names none. */
export function belongsTo(entry: { sessionKey?: string }, sessionKey: string | null): boolean {
  if (!sessionKey) return false
  if (entry.sessionKey) return entry.sessionKey === sessionKey
  return sessionKey === 'main' || sessionKey.endsWith(MAIN_SUFFIX)
}

/** Still answerable: not answered, skipped or ended, and not past its deadline. */
const isWaiting = (entry: { status: string; expiresAtMs: number }, now: number) =>
  (entry.status === 'pending' || entry.status === 'sending' || entry.status === 'checking') && entry.expiresAtMs > now

/** The gateways' waiting requests in the order of `gatewayIds` (the saved ones), merged oldest first. */
export function inboxItems(approvals: Readonly<Record<string, ApprovalsView>>, gatewayIds: readonly string[], now: number): InboxItem[] {
  const items: InboxItem[] = []
  for (const gatewayId of gatewayIds) {
    const view = approvals[gatewayId]
    if (!view) continue
    for (const entry of view.entries) {
      if (isWaiting(entry, now)) items.push({ gatewayId, id: entry.id, createdAtMs: entry.createdAtMs, sessionKey: entry.sessionKey, kind: 'approval', entry })
    }
    for (const entry of view.questions) {
      if (isWaiting(entry, now)) items.push({ gatewayId, id: entry.id, createdAtMs: entry.createdAtMs, sessionKey: entry.sessionKey, kind: 'question', entry })
    }
  }
  // A stable sort: equal times keep the gateway order, approvals before questions.
  return items.sort((a, b) => a.createdAtMs - b.createdAtMs)
}

/** How many requests of one gateway wait for an answer (the count on its row in the gateway list). */
export function waitingCount(view: ApprovalsView | undefined, now: number): number {
  if (!view) return 0
  return view.entries.filter((entry) => isWaiting(entry, now)).length + view.questions.filter((entry) => isWaiting(entry, now)).length
}

/** Every gateway's decisions of the last 30 days, newest first. */
export function inboxDecisions(approvals: Readonly<Record<string, ApprovalsView>>, gatewayIds: readonly string[]): InboxDecision[] {
  return gatewayIds
    .flatMap((gatewayId) => (approvals[gatewayId]?.history?.entries ?? []).map((entry) => ({ ...entry, gatewayId })))
    .sort((a, b) => b.resolvedAtMs - a.resolvedAtMs)
}
