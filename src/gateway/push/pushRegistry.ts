/**
 * What the app and its service worker share about each gateway's notifications, framework-free so
 * both sides read it the same way: where a gateway's push registration lives (one service-worker
 * registration per gateway, so each has its own subscription and its own VAPID key), and the record
 * the worker reads when a push arrives (the user's name for the gateway, the words to show in the
 * user's language, the requests still waiting, for the app icon's badge).
 */

const SCOPE_DIR = 'push/'

/**
 * The scope of a gateway's registration, under the app's base path. No page ever lives there: the
 * registration exists only to hold that gateway's subscription (a registration has one subscription,
 * and a subscription one application server key, and every gateway has its own key).
 */
export const pushScopeOf = (basePath: string, gatewayId: string): string =>
  `${basePath.endsWith('/') ? basePath : `${basePath}/`}${SCOPE_DIR}${encodeURIComponent(gatewayId)}/`

/** The gateway a registration's scope URL belongs to, or null for the app's own registration. */
export function gatewayIdOfScope(scopeUrl: string, basePath: string): string | null {
  let path: string
  try {
    path = new URL(scopeUrl).pathname
  } catch {
    return null
  }
  const prefix = `${basePath.endsWith('/') ? basePath : `${basePath}/`}${SCOPE_DIR}`
  if (!path.startsWith(prefix) || !path.endsWith('/')) return null
  const segment = path.slice(prefix.length, -1)
  if (!segment || segment.includes('/')) return null
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}

/** The words a notification shows, in the app's language when it was last written. */
export type NoticeTexts = {
  approval: string
  approvalResolved: string
  question: string
  finished: string
  failed: string
  test: string
  other: string
}

export type PushRecord = {
  gatewayId: string
  /** The user's own name for the gateway: every notification is titled with it. */
  name: string
  texts: NoticeTexts
  /** Tags of the approvals and questions still waiting (the app keeps this current while it runs). */
  waiting: string[]
}

/** Reads a stored record, or null when it is not one (never trusted blindly: the worker reads it too). */
export function readPushRecord(value: unknown): PushRecord | null {
  if (!value || typeof value !== 'object') return null
  const record = value as Partial<PushRecord>
  if (typeof record.gatewayId !== 'string' || typeof record.name !== 'string' || !record.texts || typeof record.texts !== 'object') return null
  const texts = record.texts as Partial<NoticeTexts>
  const keys: (keyof NoticeTexts)[] = ['approval', 'approvalResolved', 'question', 'finished', 'failed', 'test', 'other']
  if (keys.some((key) => typeof texts[key] !== 'string')) return null
  const waiting = Array.isArray(record.waiting) ? record.waiting.filter((tag): tag is string => typeof tag === 'string').slice(0, 500) : []
  return { gatewayId: record.gatewayId, name: record.name.slice(0, 80), texts: texts as NoticeTexts, waiting }
}

/** The app icon's number: every approval and question still waiting, on every gateway. */
export const badgeCount = (records: readonly PushRecord[]): number => records.reduce((sum, record) => sum + new Set(record.waiting).size, 0)

/** A record's waiting list after a push: a new request joins it, an answered one leaves it. */
export function waitingAfter(waiting: readonly string[], kind: string, tag: string): string[] {
  const rest = waiting.filter((entry) => entry !== tag)
  return kind === 'approval' || kind === 'question' ? [...rest, tag] : rest
}
