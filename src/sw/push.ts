/**
 * Web Push in the worker. Each gateway has a registration of its own (scope `<base>push/<gatewayId>/`,
 * see gateway/push/pushRegistry.ts), so a push arrives in the registration of the gateway that sent
 * it: the scope says which gateway, never the payload. A notification is titled with the user's name
 * for that gateway and says, in the user's language, what it is about; the gateway's own English
 * words are used only for kinds the app has none for. Tapping it opens the app on that gateway, at
 * the approval, question or session: an open window is told (and focused), or the app is opened.
 */
import { type NoticeTarget, type PushNotice, parsePushNotice } from '../gateway/push/pushNotice'
import { badgeCount, gatewayIdOfScope, type PushRecord, waitingAfter } from '../gateway/push/pushRegistry'

/** What the worker needs from its surroundings (the real ones in sw.ts; fakes in push.test.ts). */
export type PushWorker = {
  /** The app's base path (the directory of sw.js) and this registration's scope URL. */
  basePath: string
  scope: string
  readRecord(gatewayId: string): Promise<PushRecord | null>
  writeRecord(record: PushRecord): Promise<void>
  allRecords(): Promise<PushRecord[]>
  showNotification(title: string, options: NotificationOptions & { data: NoticeData; renotify?: boolean }): Promise<void>
  setBadge(count: number): Promise<void>
}

/** What a notification carries to its click: which gateway, where inside it, and the URL that opens there. */
export type NoticeData = { gatewayId: string; target: NoticeTarget; url: string }

/** The message an open window gets when a notification of the app is tapped (ui/notifications listens). */
export type OpenMessage = { type: 'open-notification'; gatewayId: string; target: NoticeTarget }

const TEXT_OF: Record<PushNotice['kind'], keyof PushRecord['texts']> = {
  approval: 'approval',
  'approval-resolved': 'approvalResolved',
  question: 'question',
  finished: 'finished',
  failed: 'failed',
  test: 'test',
  other: 'other',
}

/** The app URL that opens `target` on `gatewayId` (read by ui/notifications/notificationLink.ts). */
export function openUrl(basePath: string, gatewayId: string, target: NoticeTarget): string {
  const query = new URLSearchParams({ gateway: gatewayId })
  if (target.kind === 'approval') query.set('approval', target.approvalId)
  if (target.kind === 'question') query.set('question', target.questionId)
  if (target.kind === 'session') query.set('session', target.sessionKey)
  return `${basePath}?${query}`
}

/** A push arrived in this registration: show it (a push must always show something) and count the badge. */
export async function showPush(worker: PushWorker, data: string | null): Promise<void> {
  const notice = parsePushNotice(data)
  const gatewayId = gatewayIdOfScope(worker.scope, worker.basePath)
  const record = gatewayId ? await worker.readRecord(gatewayId).catch(() => null) : null
  const own = record?.texts[TEXT_OF[notice.kind]]
  // Without a record (the app's data was cleared) the gateway's own words are all there is.
  const title = record?.name || notice.title || 'OpenClaw'
  const body = own || [notice.title, notice.body].filter(Boolean).join(' — ')
  if (record) {
    const waiting = waitingAfter(record.waiting, notice.kind, notice.tag)
    await worker.writeRecord({ ...record, waiting }).catch(() => undefined)
    await worker
      .setBadge(badgeCount((await worker.allRecords().catch(() => [])).map((r) => (r.gatewayId === record.gatewayId ? { ...r, waiting } : r))))
      .catch(() => undefined)
  }
  const target = gatewayId ? notice.target : { kind: 'gateway' as const }
  await worker.showNotification(title, {
    body,
    tag: notice.tag,
    // A request answered elsewhere replaces its notification without buzzing again.
    renotify: false,
    silent: notice.kind === 'approval-resolved',
    icon: `${worker.basePath}pwa-192x192.png`,
    data: { gatewayId: gatewayId ?? '', target, url: openUrl(worker.basePath, gatewayId ?? '', target) },
  })
}

type WindowLike = { url: string; focused: boolean; visibilityState: string; postMessage(message: unknown): void; focus(): Promise<unknown> }

/** Which open window of the app takes a tapped notification: the focused one, else a visible one, else any. */
export function chooseWindow<W extends Pick<WindowLike, 'url' | 'focused' | 'visibilityState'>>(
  windows: readonly W[],
  origin: string,
  basePath: string,
): W | null {
  const ours = windows.filter((client) => {
    try {
      const url = new URL(client.url)
      return url.origin === origin && url.pathname.startsWith(basePath)
    } catch {
      return false
    }
  })
  return ours.find((client) => client.focused) ?? ours.find((client) => client.visibilityState === 'visible') ?? ours[0] ?? null
}

/** Reads a notification's data back; null when it is not one of ours. */
export function readNoticeData(value: unknown): NoticeData | null {
  if (!value || typeof value !== 'object') return null
  const data = value as Partial<NoticeData>
  if (typeof data.gatewayId !== 'string' || typeof data.url !== 'string' || !data.target || typeof data.target !== 'object') return null
  return data as NoticeData
}

/**
 * A tap: an open window of the app is told where to go (and focused); with none open, the app opens
 * at the URL that leads there. Returns what it did, for the tests.
 */
export async function openNotice(
  data: NoticeData,
  windows: readonly WindowLike[],
  origin: string,
  basePath: string,
  openWindow: (url: string) => Promise<unknown>,
): Promise<'told' | 'opened'> {
  const window = chooseWindow(windows, origin, basePath)
  if (!window) {
    await openWindow(data.url)
    return 'opened'
  }
  const message: OpenMessage = { type: 'open-notification', gatewayId: data.gatewayId, target: data.target }
  window.postMessage(message)
  await window.focus().catch(() => undefined)
  return 'told'
}
