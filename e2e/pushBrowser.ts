/**
 * Web Push in the test browser. Chromium here cannot reach a vendor's push service, so the one step
 * that would need it, PushManager.subscribe, is replaced in the page by one that makes the
 * subscription at the loopback push service (harness/pushService.ts). Everything after it is real:
 * the app's `push.web.subscribe`, the gateway's encrypted send, and the decrypted payload handed to
 * the app's service worker over CDP (ServiceWorker.deliverPushMessage), which shows the notification.
 */
import type { BrowserContext, CDPSession, Page } from '@playwright/test'
import type { PushService } from '../harness/pushService'

/** Replaces every registration's pushManager with one backed by `service` (before any page script runs). */
export async function usePushService(context: BrowserContext, service: PushService): Promise<void> {
  await context.exposeBinding('__pushSubscribe', (_source, scope: string, key: string) => service.subscribe(scope, key))
  await context.exposeBinding('__pushCurrent', (_source, scope: string) => service.current(scope))
  await context.exposeBinding('__pushUnsubscribe', (_source, scope: string) => service.unsubscribe(scope))
  await context.addInitScript(() => {
    type Keys = { endpoint: string; p256dh: string; auth: string; applicationServerKey: string }
    const bridge = window as unknown as {
      __pushSubscribe(scope: string, key: string): Promise<Keys>
      __pushCurrent(scope: string): Promise<Keys | null>
      __pushUnsubscribe(scope: string): Promise<boolean>
    }
    const toBase64Url = (buffer: ArrayBuffer) =>
      btoa(String.fromCharCode(...new Uint8Array(buffer)))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, '')
    const fromBase64Url = (text: string) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (char) => char.charCodeAt(0)).buffer
    const subscription = (keys: Keys, scope: string) => ({
      endpoint: keys.endpoint,
      expirationTime: null,
      options: { userVisibleOnly: true, applicationServerKey: fromBase64Url(keys.applicationServerKey) },
      getKey: (name: string) => fromBase64Url(name === 'p256dh' ? keys.p256dh : keys.auth),
      toJSON: () => ({ endpoint: keys.endpoint, expirationTime: null, keys: { p256dh: keys.p256dh, auth: keys.auth } }),
      unsubscribe: () => bridge.__pushUnsubscribe(scope),
    })
    Object.defineProperty(ServiceWorkerRegistration.prototype, 'pushManager', {
      configurable: true,
      get(this: ServiceWorkerRegistration) {
        const scope = new URL(this.scope).pathname
        return {
          getSubscription: async () => {
            const keys = await bridge.__pushCurrent(scope)
            return keys ? subscription(keys, scope) : null
          },
          subscribe: async (options: { applicationServerKey: ArrayBuffer | Uint8Array }) => {
            if (Notification.permission !== 'granted') throw new DOMException('Registration failed - permission denied', 'NotAllowedError')
            const key = options.applicationServerKey instanceof Uint8Array ? options.applicationServerKey.buffer : options.applicationServerKey
            return subscription(await bridge.__pushSubscribe(scope, toBase64Url(key as ArrayBuffer)), scope)
          },
          permissionState: async () => (Notification.permission === 'granted' ? 'granted' : 'prompt'),
        }
      },
    })
  })
}

/** Hands pushes to the service worker of a registration scope, as the browser does when its push service delivers. */
export class PushDelivery {
  private readonly registrations = new Map<string, string>()

  private constructor(private readonly cdp: CDPSession) {}

  static async start(page: Page): Promise<PushDelivery> {
    const cdp = await page.context().newCDPSession(page)
    const delivery = new PushDelivery(cdp)
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      for (const registration of registrations) {
        const scope = new URL(registration.scopeURL).pathname
        if (registration.isDeleted) delivery.registrations.delete(scope)
        else delivery.registrations.set(scope, registration.registrationId)
      }
    })
    await cdp.send('ServiceWorker.enable')
    return delivery
  }

  async deliver(origin: string, scope: string, data: string): Promise<void> {
    const deadline = Date.now() + 10_000
    while (!this.registrations.has(scope)) {
      if (Date.now() > deadline) throw new Error(`no service-worker registration at ${scope}: ${[...this.registrations.keys()]}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    await this.cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId: this.registrations.get(scope)!, data })
  }
}

export type ShownNotification = { title: string; body: string; tag: string; data: { gatewayId: string; url: string; target: { kind: string } } }

/** The notifications a registration shows (`registration.getNotifications()`, read in the page). */
export function shownNotifications(page: Page, scope: string): Promise<ShownNotification[]> {
  return page.evaluate(async (scope) => {
    const registration = await navigator.serviceWorker.getRegistration(scope)
    const notifications = (await registration?.getNotifications()) ?? []
    return notifications.map((notification) => ({ title: notification.title, body: notification.body, tag: notification.tag, data: notification.data }))
  }, scope)
}

/**
 * A tap on the notification with `tag`, dispatched in the worker of its registration.
 * NOTE: no protocol reaches a real notification's click here (headless Chromium shows notifications
 * nowhere), so the worker gets the event a click would send it, made by script. The worker's handler
 * then runs as for a click, except what only a real click allows: opening a window. The closed-app
 * path is checked by opening the URL the notification carries.
 */
export async function tapNotification(context: BrowserContext, scope: string, tag: string): Promise<void> {
  for (const worker of context.serviceWorkers()) {
    const tapped = await worker.evaluate(
      async ({ scope, tag }) => {
        // The worker's globals (no WebWorker lib in this program).
        type Registration = { scope: string; getNotifications(filter: { tag: string }): Promise<unknown[]> }
        const self = globalThis as unknown as { registration: Registration; dispatchEvent(event: Event): boolean }
        const NotificationEvent = (globalThis as unknown as { NotificationEvent: new (type: string, init: { notification: unknown }) => Event })
          .NotificationEvent
        if (new URL(self.registration.scope).pathname !== scope) return false
        const [notification] = await self.registration.getNotifications({ tag })
        if (!notification) return false
        self.dispatchEvent(new NotificationEvent('notificationclick', { notification }))
        return true
      },
      { scope, tag },
    )
    if (tapped) return
  }
  throw new Error(`no notification ${tag} in the worker of ${scope}`)
}
