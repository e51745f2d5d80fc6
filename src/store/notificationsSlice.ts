/**
 * Web Push notifications, per operator gateway: each gateway the user turns them on for gets a
 * service-worker registration and a push subscription of its own (gateway/push/pushRegistry.ts), kept
 * true on every connect (re-subscribed when the browser or the gateway dropped it, moved to a new
 * VAPID key), ended on Forget and when the operator role goes. Only the state and thin actions are
 * here, in the entry; the working parts (notificationsImpl.ts) are a chunk loaded when an operator
 * link attaches.
 */
import type { GatewayClient } from '../gateway'
import type { NoticeTexts } from '../gateway/push'
import type { FeatureCreator } from './feature'
import { rolesOf } from './gatewayRecords'
import { lazyChunk } from './lazyChunk'

/**
 * Why notifications cannot work where they cannot: `denied` (the browser's permission), `install-first`
 * (an iPhone or iPad Safari tab: only the Home Screen app may), `no-push` (no Push API),
 * `insecure` (not HTTPS), `gateway` (the gateway offers no Web Push), `failed` (see `error`).
 */
export type NotificationProblem = 'denied' | 'install-first' | 'no-push' | 'insecure' | 'gateway' | 'failed'

/** The gateway's categories (`push.web.preferences`), as it names them. */
export type NotificationCategory = 'approvalRequested' | 'agentFinished' | 'agentQuestion' | 'humanMentioned' | 'scheduledTaskFailed' | 'backgroundTaskFailed'

export type QuietHours = { enabled: boolean; startMinute: number; endMinute: number; timeZone: string }

export type NotificationsView = {
  /** on: subscribed and bound on the gateway; working: on its way there; off: the user has not turned them on. */
  state: 'off' | 'working' | 'on'
  problem?: NotificationProblem
  /** The browser's or gateway's words when `problem` is `failed`. */
  error?: string
  /** What this device gets from the gateway (effective preferences), once read. */
  categories?: Record<NotificationCategory, boolean>
  quietHours?: QuietHours
  /** The result of the last "Send a test". */
  test?: 'sending' | 'sent' | 'failed'
  /** Time to offer notifications (after the first request or message here); shown once. */
  offer?: boolean
}

export type NotificationsSlice = {
  notifications: Record<string, NotificationsView>
  /**
   * The feature's actions, which come with its chunk (loaded once an operator link attaches, so it is
   * there by the time anything can be tapped). Kept out of the entry: the first screen never uses them.
   */
  notificationControls(): Promise<NotificationControls>
}

export type NotificationControls = {
  /** From a tap only (it may ask the browser's permission): subscribes this device for the gateway's pushes. */
  enable(gatewayId: string, texts: NoticeTexts): Promise<void>
  disable(gatewayId: string): Promise<void>
  sendTest(gatewayId: string): Promise<void>
  setCategory(gatewayId: string, category: NotificationCategory, on: boolean): Promise<void>
  setQuietHours(gatewayId: string, quietHours: QuietHours): Promise<void>
  /** "Not now" on the offer: it does not come back for this gateway. */
  dismissOffer(gatewayId: string): Promise<void>
  /** The words notifications show, in the language the user just chose. */
  setTexts(texts: NoticeTexts): Promise<void>
}

/** The chunk's side of the feature's lifecycle (same calls, operator links only, in the order they happened). */
export type NotificationsImpl = NotificationControls & {
  attach(gatewayId: string, client: GatewayClient): void
  lead(gatewayId: string, isLeader: boolean): void
  /** The operator link stopped; `isRoleGone` when the gateway no longer has the operator role (its subscription ends). */
  detach(gatewayId: string, isRoleGone: boolean): Promise<void>
  forget(gatewayId: string): Promise<void>
}

export const createNotificationsFeature: FeatureCreator<NotificationsSlice> = (deps, { api }) => {
  const impl = lazyChunk(() => import('./notificationsImpl').then((module) => module.createNotificationsImpl(api, deps)))
  // Every call goes through the one load, so they reach the chunk in the order they were made.
  // Notifications are an addition: chat works without them, and a failed load is tried again next time.
  const run = (call: (loaded: NotificationsImpl) => unknown) => impl.load().then(call, () => undefined)
  return {
    name: 'notifications',
    attach: (gatewayId, client, role) => void (role === 'operator' && run((loaded) => loaded.attach(gatewayId, client))),
    lead: (gatewayId, isLeader) => void run((loaded) => loaded.lead(gatewayId, isLeader)),
    detach: (gatewayId, role) =>
      // Checked in the chunk, once the caller has saved the change (removeRole stops the client, then updates the record).
      void (
        role === 'operator' &&
        run((loaded) => loaded.detach(gatewayId, !rolesOf(api.getState().gateways.find((g) => g.id === gatewayId) ?? { role }).includes(role)))
      ),
    forget: async (gatewayId) => void (await run((loaded) => loaded.forget(gatewayId))),
    slice: { notifications: {}, notificationControls: impl.load },
  }
}
