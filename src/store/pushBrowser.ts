/**
 * The browser's push machinery as the notifications feature uses it: permission, one service-worker
 * registration per gateway scope, its push subscription, the app badge. Loaded with the feature's
 * chunk; tests pass their own (testing/fakePush.ts).
 */
import { fromBase64Url, toBase64Url } from '../gateway/base64url'
import type { NotificationProblem } from './notificationsSlice'

export type PushSubscriptionInfo = {
  endpoint: string
  keys: { p256dh: string; auth: string }
  /** The VAPID key it was made with (base64url), when the browser says. */
  applicationServerKey: string | null
  unsubscribe(): Promise<unknown>
}

export type PushRegistration = {
  subscription(): Promise<PushSubscriptionInfo | null>
  subscribe(applicationServerKey: string): Promise<PushSubscriptionInfo>
  /** Closes this registration's notifications with these tags (requests answered in the app). */
  closeNotifications(tags: readonly string[]): Promise<void>
  unregister(): Promise<unknown>
}

export type PushApis = {
  /** Why push cannot work in this browser, or null when it can. */
  unsupported(): Exclude<NotificationProblem, 'denied' | 'gateway' | 'failed'> | null
  permission(): NotificationPermission
  requestPermission(): Promise<NotificationPermission>
  /** The registration at `scope`, made (with the app's worker script) when `create`; null when there is none. */
  registration(scope: string, create: boolean): Promise<PushRegistration | null>
  setBadge(count: number): Promise<void>
}

type BadgeNavigator = Navigator & { setAppBadge?: (count?: number) => Promise<void>; clearAppBadge?: () => Promise<void>; standalone?: boolean }

function subscriptionInfo(subscription: PushSubscription): PushSubscriptionInfo {
  const json = subscription.toJSON()
  const key = subscription.options?.applicationServerKey
  return {
    endpoint: subscription.endpoint,
    keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' },
    applicationServerKey: key ? toBase64Url(new Uint8Array(key)) : null,
    unsubscribe: () => subscription.unsubscribe(),
  }
}

async function activated(registration: ServiceWorkerRegistration): Promise<void> {
  const worker = registration.installing ?? registration.waiting
  if (registration.active || !worker) return
  await new Promise<void>((resolve) => {
    const check = () => {
      if (worker.state === 'activated' || worker.state === 'redundant') resolve()
    }
    worker.addEventListener('statechange', check)
    check()
  })
}

function wrap(registration: ServiceWorkerRegistration): PushRegistration {
  return {
    subscription: async () => {
      const current = await registration.pushManager.getSubscription()
      return current ? subscriptionInfo(current) : null
    },
    subscribe: async (key) => {
      await activated(registration)
      const keyBytes = fromBase64Url(key)
      const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes.buffer as ArrayBuffer })
      return subscriptionInfo(subscription)
    },
    closeNotifications: async (tags) => {
      for (const notification of await registration.getNotifications()) if (tags.includes(notification.tag)) notification.close()
    },
    unregister: () => registration.unregister(),
  }
}

const isAppleMobile = (nav: BadgeNavigator) => /iPad|iPhone|iPod/.test(nav.userAgent) || (nav.platform === 'MacIntel' && nav.maxTouchPoints > 1)

export function browserPushApis(workerUrl: string): PushApis {
  const nav = globalThis.navigator as BadgeNavigator
  return {
    unsupported() {
      if (!globalThis.isSecureContext) return 'insecure'
      const hasPush = 'serviceWorker' in nav && 'PushManager' in globalThis && 'Notification' in globalThis
      if (hasPush) return null
      // Safari on iPhone and iPad offers Web Push only to an app added to the Home Screen.
      const standalone = nav.standalone === true || globalThis.matchMedia?.('(display-mode: standalone)').matches
      return isAppleMobile(nav) && !standalone ? 'install-first' : 'no-push'
    },
    permission: () => (globalThis.Notification ? Notification.permission : 'denied'),
    requestPermission: () => Notification.requestPermission(),
    async registration(scope, create) {
      const existing = await nav.serviceWorker.getRegistration(scope)
      // getRegistration matches the longest scope that contains the URL: only this exact scope is the gateway's.
      if (existing && new URL(existing.scope).pathname === scope) return wrap(existing)
      return create ? wrap(await nav.serviceWorker.register(workerUrl, { scope })) : null
    },
    async setBadge(count) {
      await (count > 0 ? nav.setAppBadge?.(count) : nav.clearAppBadge?.())
    },
  }
}
