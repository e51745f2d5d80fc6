/**
 * The browser's push machinery for store tests: registrations by scope, each with at most one
 * subscription made with one key, a permission the test sets, the badge, the notifications closed.
 */
import type { PushApis, PushRegistration, PushSubscriptionInfo } from '../pushBrowser'

export type FakeRegistration = PushRegistration & { scope: string; current: PushSubscriptionInfo | null; unregistered: boolean; closed: string[] }

export function fakePush(
  options: { permission?: NotificationPermission; answer?: NotificationPermission; unsupported?: ReturnType<PushApis['unsupported']> } = {},
) {
  let permission = options.permission ?? 'default'
  let made = 0
  const registrations = new Map<string, FakeRegistration>()
  const badges: number[] = []
  const asked: number[] = []

  function subscription(registration: FakeRegistration, key: string): PushSubscriptionInfo {
    made += 1
    const info: PushSubscriptionInfo = {
      endpoint: `https://push.example/${encodeURIComponent(registration.scope)}/${made}`,
      keys: { p256dh: `p256dh-${made}`, auth: `auth-${made}` },
      applicationServerKey: key,
      unsubscribe: async () => {
        if (registration.current === info) registration.current = null
        return true
      },
    }
    return info
  }

  const apis: PushApis = {
    unsupported: () => options.unsupported ?? null,
    permission: () => permission,
    requestPermission: async () => {
      asked.push(Date.now())
      permission = options.answer ?? 'granted'
      return permission
    },
    async registration(scope, create) {
      const existing = registrations.get(scope)
      if (existing || !create) return existing ?? null
      const registration: FakeRegistration = {
        scope,
        current: null,
        unregistered: false,
        closed: [],
        subscription: async () => registration.current,
        subscribe: async (key) => (registration.current = subscription(registration, key)),
        closeNotifications: async (tags) => void registration.closed.push(...tags),
        unregister: async () => {
          registration.current = null
          registration.unregistered = true
          registrations.delete(scope)
          return true
        },
      }
      registrations.set(scope, registration)
      return registration
    },
    setBadge: async (count) => void badges.push(count),
  }
  return { apis, registrations, badges, asked, setPermission: (next: NotificationPermission) => (permission = next) }
}
