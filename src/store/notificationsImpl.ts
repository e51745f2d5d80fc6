/**
 * The notifications feature's working parts (notificationsSlice.ts keeps the state and thin actions).
 *
 * One registration per gateway: a push subscription has one application server key, and every
 * gateway signs with its own VAPID key, so one subscription cannot serve two gateways (the gateway's
 * docs: "registration fails closed with a VAPID-identity mismatch"). Each gateway the user turns
 * notifications on for gets the app's worker registered again at `<base>push/<gatewayId>/`; its
 * subscription is that gateway's alone, and a push arriving there belongs to that gateway.
 *
 * On every connect the leading tab reconciles: the browser's subscription exists and was made with
 * the gateway's current key (else it is made again), and the gateway has it bound to this device
 * (`push.web.subscribe` is an upsert). The record the worker reads (gateway name, the words to show,
 * the requests waiting) is kept current while the app runs.
 */
import type { StoreApi } from 'zustand/vanilla'
import { del, entries, set as put } from 'idb-keyval'
import { type GatewayClient, zodKit as z } from '../gateway'
import { type NoticeTexts, type PushRecord, pushScopeOf, readPushRecord } from '../gateway/push'
import { openDatabase } from './databases'
import type { NotificationCategory, NotificationsImpl, NotificationsView, QuietHours } from './notificationsSlice'
import { browserPushApis } from './pushBrowser'
import type { AppState, StoreDeps } from './store'

/** What the device keeps per gateway: the worker's record, whether the user wants pushes, whether the offer was shown. */
type Stored = PushRecord & { enabled: boolean; offered: boolean }

const CATEGORIES: readonly NotificationCategory[] = [
  'approvalRequested',
  'agentFinished',
  'agentQuestion',
  'humanMentioned',
  'scheduledTaskFailed',
  'backgroundTaskFailed',
]
const VapidResult = z.looseObject({ vapidPublicKey: z.string().check(z.minLength(1)) })
const QuietHoursShape = z.looseObject({ enabled: z.boolean(), startMinute: z.number(), endMinute: z.number(), timeZone: z.string() })
const PreferencesResult = z.looseObject({
  device: z.optional(z.looseObject({})),
  effective: z.looseObject({ categories: z.looseObject({}), quietHours: z.optional(QuietHoursShape) }),
})

const NO_WEB_PUSH = new Error('the gateway has no Web Push')
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error))
const tagsOf = (state: AppState, gatewayId: string): string[] | null => {
  const view = state.approvals[gatewayId]
  if (!view) return null
  const open = (status: string) => status === 'pending' || status === 'sending' || status === 'checking'
  return [
    ...view.entries.filter((entry) => open(entry.status)).map((entry) => `openclaw-approval-${entry.id}`),
    ...view.questions.filter((question) => open(question.status)).map((question) => `openclaw-question-${question.id}`),
  ]
}

export function createNotificationsImpl(api: StoreApi<AppState>, deps: StoreDeps): NotificationsImpl {
  const base = import.meta.env.BASE_URL
  const apis = deps.pushApis ?? browserPushApis(`${base}sw.js`)
  const database = openDatabase('push')
  const stored = new Map<string, Stored>()
  const clients = new Map<string, GatewayClient>()
  const leaders = new Set<string>()
  /** The device-level preferences the gateway holds for this subscription (sent whole on every change). */
  const devicePrefs = new Map<string, Record<string, unknown>>()
  const endpoints = new Map<string, string>()
  let texts: NoticeTexts | null = null
  const loaded = entries(database).then((all) => {
    for (const [key, value] of all) {
      const record = readPushRecord(value)
      const extra = value as Partial<Stored>
      if (record && record.gatewayId === key) stored.set(key, { ...record, enabled: extra.enabled === true, offered: extra.offered === true })
    }
  })
  const scopeOf = (gatewayId: string) => pushScopeOf(base, gatewayId)
  const labelOf = (gatewayId: string) => api.getState().gateways.find((gateway) => gateway.id === gatewayId)?.label ?? ''

  const view = (gatewayId: string): NotificationsView => api.getState().notifications[gatewayId] ?? { state: 'off' }
  function patch(gatewayId: string, change: Partial<NotificationsView>): void {
    const next = { ...view(gatewayId), ...change }
    for (const key of Object.keys(change) as (keyof NotificationsView)[]) if (change[key] === undefined) delete next[key]
    api.setState({ notifications: { ...api.getState().notifications, [gatewayId]: next } })
  }
  async function save(record: Stored): Promise<void> {
    stored.set(record.gatewayId, record)
    await put(record.gatewayId, record, database)
  }

  /** Why nothing can work here (browser or permission), if anything. */
  function browserProblem(): NotificationsView['problem'] {
    return apis.unsupported() ?? (apis.permission() === 'denied' ? 'denied' : undefined)
  }

  async function readPreferences(gatewayId: string, client: GatewayClient, endpoint: string): Promise<void> {
    const result = PreferencesResult.parse(await client.request('push.web.preferences.get', { endpoint }))
    devicePrefs.set(gatewayId, result.device ?? {})
    const categories = Object.fromEntries(CATEGORIES.map((key) => [key, result.effective.categories[key] === true])) as Record<NotificationCategory, boolean>
    patch(gatewayId, { categories, quietHours: result.effective.quietHours })
  }

  /** Makes the browser's and the gateway's side of the subscription true; leaves a problem on the view when it cannot. */
  async function reconcile(gatewayId: string): Promise<void> {
    const record = stored.get(gatewayId)
    const client = clients.get(gatewayId)
    if (!record?.enabled || !client?.helloOk) return
    const problem = browserProblem() ?? (apis.permission() === 'granted' ? undefined : 'denied')
    if (problem) return patch(gatewayId, { state: 'off', problem, error: undefined })
    patch(gatewayId, { state: 'working', problem: undefined, error: undefined })
    try {
      // NOTE: the gateway does not list the push.web methods in hello-ok (2026.9.6 marks them unadvertised):
      // asking for the key is the feature test, and "unknown method" means a gateway without Web Push.
      const key = await client.request('push.web.vapidPublicKey', {}).catch((error: unknown) => {
        throw /unknown method/i.test(errorText(error)) ? NO_WEB_PUSH : error
      })
      const { vapidPublicKey } = VapidResult.parse(key)
      const registration = await apis.registration(scopeOf(gatewayId), true)
      if (!registration) throw new Error('no service worker registration')
      let subscription = await registration.subscription()
      // The gateway's key changed (its state was reset, or an operator rotated it): the old subscription is useless.
      if (subscription?.applicationServerKey && subscription.applicationServerKey !== vapidPublicKey) {
        await subscription.unsubscribe()
        subscription = null
      }
      subscription ??= await registration.subscribe(vapidPublicKey)
      await client.request('push.web.subscribe', { endpoint: subscription.endpoint, keys: subscription.keys })
      endpoints.set(gatewayId, subscription.endpoint)
      patch(gatewayId, { state: 'on' })
      await readPreferences(gatewayId, client, subscription.endpoint)
    } catch (error) {
      if (clients.get(gatewayId) !== client || !stored.get(gatewayId)?.enabled) return
      patch(gatewayId, error === NO_WEB_PUSH ? { state: 'off', problem: 'gateway' } : { state: 'off', problem: 'failed', error: errorText(error) })
    }
  }

  /** Ends the browser's side: the subscription (the push service then refuses the gateway's sends) and the registration. */
  async function endLocally(gatewayId: string): Promise<void> {
    const registration = await apis.registration(scopeOf(gatewayId), false).catch(() => null)
    const subscription = await registration?.subscription().catch(() => null)
    await subscription?.unsubscribe().catch(() => undefined)
    await registration?.unregister().catch(() => undefined)
    endpoints.delete(gatewayId)
    devicePrefs.delete(gatewayId)
  }

  /** The gateway's pushes end on this device and everything kept for them goes (Forget, operator role removed). */
  async function dropGateway(gatewayId: string): Promise<void> {
    await loaded
    await endLocally(gatewayId)
    stored.delete(gatewayId)
    await del(gatewayId, database)
    const { [gatewayId]: _gone, ...rest } = api.getState().notifications
    api.setState({ notifications: rest })
  }

  /** Shows `shown` at once (a switch must move when tapped), sends the change, then shows what the gateway recorded. */
  async function setDevicePreferences(gatewayId: string, change: Record<string, unknown>, shown: Partial<NotificationsView>): Promise<void> {
    const client = clients.get(gatewayId)
    const endpoint = endpoints.get(gatewayId)
    if (!client || !endpoint) return
    const before = view(gatewayId)
    patch(gatewayId, shown)
    try {
      await client.request('push.web.preferences.set', { endpoint, scope: 'device', preferences: { ...devicePrefs.get(gatewayId), ...change } })
      await readPreferences(gatewayId, client, endpoint)
    } catch (error) {
      patch(gatewayId, { categories: before.categories, quietHours: before.quietHours, problem: 'failed', error: errorText(error) })
    }
  }

  // The offer (once, after the first request or message on a gateway), the badge and the worker's
  // record follow the store.
  let lastBadge = -1
  const lastWaiting = new Map<string, string>()
  function follow(state: AppState): void {
    let total = 0
    for (const gateway of state.gateways) {
      const id = gateway.id
      const record = stored.get(id)
      const tags = tagsOf(state, id)
      total += tags?.length ?? record?.waiting.length ?? 0
      if (record && tags && lastWaiting.get(id) !== `${tags}`) {
        const answered = record.waiting.filter((tag) => !tags.includes(tag))
        lastWaiting.set(id, `${tags}`)
        void save({ ...record, waiting: tags }).catch(() => undefined)
        // A request answered here needs no notification any more.
        if (answered.length)
          void apis
            .registration(scopeOf(id), false)
            .then((registration) => registration?.closeNotifications(answered))
            .catch(() => undefined)
      }
      if (record && record.name !== gateway.label) void save({ ...record, name: gateway.label }).catch(() => undefined)
      const current = state.notifications[id]
      const isDue =
        clients.has(id) &&
        !record?.offered &&
        !current?.offer &&
        (current?.state ?? 'off') === 'off' &&
        !browserProblem() &&
        (Boolean(tags?.length) || Boolean(state.chats[id]?.live.some((item) => item.kind === 'user')))
      if (isDue) patch(id, { offer: true })
    }
    if (total !== lastBadge) {
      lastBadge = total
      void apis.setBadge(total).catch(() => undefined)
    }
  }
  void loaded.then(() => {
    api.subscribe(follow)
    follow(api.getState())
  })

  const unlinks = new Map<string, () => void>()

  return {
    attach(gatewayId, client) {
      unlinks.get(gatewayId)?.()
      clients.set(gatewayId, client)
      void loaded.then(() => {
        if (clients.get(gatewayId) !== client) return
        const record = stored.get(gatewayId)
        patch(gatewayId, record?.enabled ? { state: 'working', problem: browserProblem() } : { state: 'off', problem: browserProblem() })
        if (client.status.phase === 'connected' && leaders.has(gatewayId)) void reconcile(gatewayId)
      })
      const stop = client.onStatus((status) => {
        if (status.phase === 'connected' && leaders.has(gatewayId)) void loaded.then(() => reconcile(gatewayId))
      })
      unlinks.set(gatewayId, () => {
        stop()
        if (clients.get(gatewayId) === client) clients.delete(gatewayId)
      })
    },
    async detach(gatewayId, isRoleGone) {
      unlinks.get(gatewayId)?.()
      unlinks.delete(gatewayId)
      if (isRoleGone) await dropGateway(gatewayId)
    },
    lead(gatewayId, isLeader) {
      if (!isLeader) {
        leaders.delete(gatewayId)
        return
      }
      leaders.add(gatewayId)
      if (clients.get(gatewayId)?.status.phase === 'connected') void loaded.then(() => reconcile(gatewayId))
    },

    async enable(gatewayId, newTexts) {
      texts = newTexts
      const unsupported = apis.unsupported()
      if (unsupported) return patch(gatewayId, { state: 'off', problem: unsupported, offer: undefined })
      // Asked only here, from the user's tap (never on page load), before anything is awaited: some
      // browsers (Safari) grant the prompt only while the tap's activation lasts.
      const asking = apis.permission() === 'default' ? apis.requestPermission() : Promise.resolve(apis.permission())
      await loaded
      const permission = await asking
      if (permission !== 'granted') return patch(gatewayId, { state: 'off', problem: 'denied', offer: undefined })
      const record = stored.get(gatewayId)
      await save({ gatewayId, name: labelOf(gatewayId), texts: newTexts, waiting: record?.waiting ?? [], enabled: true, offered: true })
      patch(gatewayId, { state: 'working', problem: undefined, error: undefined, offer: undefined })
      if (!clients.get(gatewayId)?.helloOk) return // the next connect finishes it
      await reconcile(gatewayId)
    },

    async disable(gatewayId) {
      await loaded
      const record = stored.get(gatewayId)
      if (record) await save({ ...record, enabled: false, waiting: [] })
      const client = clients.get(gatewayId)
      const endpoint = endpoints.get(gatewayId)
      // The gateway forgets the endpoint first (while the subscription still proves it is ours).
      if (client && endpoint) await client.request('push.web.unsubscribe', { endpoint }).catch(() => undefined)
      await endLocally(gatewayId)
      patch(gatewayId, { state: 'off', problem: browserProblem(), error: undefined, categories: undefined, quietHours: undefined, test: undefined })
    },

    async sendTest(gatewayId) {
      const client = clients.get(gatewayId)
      if (!client) return
      patch(gatewayId, { test: 'sending' })
      try {
        await client.request('push.web.test', {})
        patch(gatewayId, { test: 'sent' })
      } catch (error) {
        patch(gatewayId, { test: 'failed', error: errorText(error) })
      }
    },

    setCategory: (gatewayId, category, on) =>
      setDevicePreferences(
        gatewayId,
        { categories: { ...(devicePrefs.get(gatewayId)?.categories as object | undefined), [category]: on } },
        { categories: view(gatewayId).categories && { ...view(gatewayId).categories!, [category]: on } },
      ),
    setQuietHours: (gatewayId, quietHours: QuietHours) => setDevicePreferences(gatewayId, { quietHours }, { quietHours }),

    async dismissOffer(gatewayId) {
      await loaded
      const record = stored.get(gatewayId)
      // Remembered (in memory at once, so the offer cannot come straight back) with the record the worker would read.
      const saving = save(
        record
          ? { ...record, offered: true }
          : { gatewayId, name: labelOf(gatewayId), texts: texts ?? EMPTY_TEXTS, waiting: [], enabled: false, offered: true },
      )
      patch(gatewayId, { offer: undefined })
      await saving
    },

    async setTexts(newTexts) {
      texts = newTexts
      await loaded
      for (const record of stored.values())
        if (record.enabled && JSON.stringify(record.texts) !== JSON.stringify(newTexts)) await save({ ...record, texts: newTexts })
    },

    async forget(gatewayId) {
      unlinks.get(gatewayId)?.()
      unlinks.delete(gatewayId)
      leaders.delete(gatewayId)
      await dropGateway(gatewayId)
    },
  }
}

const EMPTY_TEXTS: NoticeTexts = { approval: '', approvalResolved: '', question: '', finished: '', failed: '', test: '', other: '' }
