// @vitest-environment node
import { get } from 'idb-keyval'
import { describe, expect, it } from 'vitest'
import type { StoreApi } from 'zustand/vanilla'
import type { GatewayConnection, JsonObject } from '../gateway/testing/fakeGateway'
import type { AppState } from './store'
import { fakePush } from './testing/fakePush'
import { allKeys, connectOperator, NOTHING_STORED, rawDbs, settle, until, useStoreTestbed } from './testing/storeTestkit'

const testbed = useStoreTestbed()
const controls = (store: StoreApi<AppState>) => store.getState().notificationControls()

const PUSH_METHODS = [
  'push.web.vapidPublicKey',
  'push.web.subscribe',
  'push.web.unsubscribe',
  'push.web.test',
  'push.web.preferences.get',
  'push.web.preferences.set',
]
// NOTE: the real gateway does not advertise the push.web methods; a hello that lists them changes nothing.
const pushHello = (methods = PUSH_METHODS): JsonObject => ({
  auth: { method: 'token', role: 'operator', scopes: ['operator.read', 'operator.write'] },
  features: { methods: ['health', 'chat.send', ...methods], events: ['tick', 'chat'] },
})
const texts = {
  approval: 'Asks for approval',
  approvalResolved: 'Answered',
  question: 'Asks',
  finished: 'Done',
  failed: 'Failed',
  test: 'Works',
  other: 'Look',
}
const effective = (categories: JsonObject = {}) => ({
  device: { enabled: true, label: '' },
  effective: {
    enabled: true,
    categories: {
      approvalRequested: true,
      agentFinished: false,
      agentQuestion: false,
      humanMentioned: false,
      scheduledTaskFailed: false,
      backgroundTaskFailed: false,
      ...categories,
    },
    quietHours: { enabled: false, startMinute: 1320, endMinute: 420, timeZone: 'UTC' },
  },
})

/** Answers what a reconcile asks: the key, the subscription, the preferences. Returns the subscribe params. */
async function answerReconcile(connection: GatewayConnection, key = 'KEY-A') {
  connection.respond((await connection.request('push.web.vapidPublicKey')).id, { vapidPublicKey: key })
  const subscribe = await connection.request('push.web.subscribe')
  connection.respond(subscribe.id, { subscriptionId: 's1' })
  connection.respond((await connection.request('push.web.preferences.get')).id, effective())
  return subscribe.params as { endpoint: string; keys: { p256dh: string; auth: string } }
}

async function setUp(options: Parameters<typeof fakePush>[0] = {}) {
  const push = fakePush(options)
  const { store } = testbed.testStore({ pushApis: push.apis })
  const connection = await connectOperator(store, testbed.gateway, 'gw', { hello: pushHello() })
  return { push, store, connection }
}

describe('notifications feature', () => {
  it("turning them on asks permission once (from the tap), registers the gateway's own scope and binds its subscription on the gateway", async () => {
    const { push, store, connection } = await setUp()
    expect(push.asked).toHaveLength(0) // nothing asked on load
    const enabling = (await controls(store)).enable('gw', texts)
    const params = await answerReconcile(connection)
    await enabling
    expect(push.asked).toHaveLength(1)
    const registration = push.registrations.get('/push/gw/')!
    expect(registration.current?.applicationServerKey).toBe('KEY-A')
    expect(params).toEqual({ endpoint: registration.current!.endpoint, keys: registration.current!.keys })
    await until(() => expect(store.getState().notifications.gw).toMatchObject({ state: 'on', categories: { approvalRequested: true, agentFinished: false } }))
    // The worker's record: the user's name for the gateway and the words to show.
    expect(await get('gw', rawDbs.push)).toMatchObject({ gatewayId: 'gw', name: 'label gw', texts, enabled: true })
  })

  it('a refused permission says so and nothing is registered or sent', async () => {
    const { push, store, connection } = await setUp({ answer: 'denied' })
    await (await controls(store)).enable('gw', texts)
    expect(store.getState().notifications.gw).toMatchObject({ state: 'off', problem: 'denied' })
    expect(push.registrations.size).toBe(0)
    expect(connection.requestsFor('push.web.vapidPublicKey')).toHaveLength(0)
  })

  it('a browser that cannot (an iPhone Safari tab) says why, and asks nothing', async () => {
    const { push, store } = await setUp({ unsupported: 'install-first' })
    await (await controls(store)).enable('gw', texts)
    expect(store.getState().notifications.gw).toMatchObject({ state: 'off', problem: 'install-first' })
    expect(push.asked).toHaveLength(0)
  })

  it('a gateway without Web Push says so, and nothing is registered', async () => {
    const { push, store, connection } = await setUp({ permission: 'granted' })
    const enabling = (await controls(store)).enable('gw', texts)
    connection.fail((await connection.request('push.web.vapidPublicKey')).id, { code: 'INVALID_REQUEST', message: 'unknown method: push.web.vapidPublicKey' })
    await enabling
    await until(() => expect(store.getState().notifications.gw).toMatchObject({ state: 'off', problem: 'gateway' }))
    expect(push.registrations.get('/push/gw/')).toBeUndefined()
  })

  it('after a reconnect it subscribes again when the browser dropped the subscription or the gateway changed its key', async () => {
    const { push, store, connection } = await setUp({ permission: 'granted' })
    const enabling = (await controls(store)).enable('gw', texts)
    const first = await answerReconcile(connection)
    await enabling
    // The browser dropped it (site data cleared, push service expired it).
    push.registrations.get('/push/gw/')!.current = null
    connection.socket.close(1012, 'restart')
    const second = await testbed.gateway.connection(1)
    await second.handshake(pushHello())
    const renewed = await answerReconcile(second)
    expect(renewed.endpoint).not.toBe(first.endpoint)
    // The gateway's key changed: the old subscription is ended and a new one made with the new key.
    const old = push.registrations.get('/push/gw/')!.current!
    second.socket.close(1012, 'restart')
    const third = await testbed.gateway.connection(2)
    await third.handshake(pushHello())
    await answerReconcile(third, 'KEY-B')
    await until(() => expect(push.registrations.get('/push/gw/')!.current?.applicationServerKey).toBe('KEY-B'))
    expect(push.registrations.get('/push/gw/')!.current).not.toBe(old)
    await until(() => expect(store.getState().notifications.gw?.state).toBe('on'))
  })

  it('Forget ends the subscription and the registration and leaves nothing stored', async () => {
    const { push, store, connection } = await setUp({ permission: 'granted' })
    const enabling = (await controls(store)).enable('gw', texts)
    await answerReconcile(connection)
    await enabling
    const registration = push.registrations.get('/push/gw/')!
    await store.getState().forgetGateway('gw')
    expect(registration.unregistered).toBe(true)
    expect(registration.current).toBeNull()
    expect(store.getState().notifications.gw).toBeUndefined()
    await settle()
    expect((await allKeys()).push).toEqual(NOTHING_STORED.push)
  })

  it('when the gateway stops being an operator gateway here (role changed to Node), its subscription ends', async () => {
    const { push, store, connection } = await setUp({ permission: 'granted' })
    const enabling = (await controls(store)).enable('gw', texts)
    await answerReconcile(connection)
    await enabling
    const registration = push.registrations.get('/push/gw/')!
    await store.getState().changeRole('gw', 'node')
    await until(() => expect(registration.unregistered).toBe(true))
    await until(async () => expect(await get('gw', rawDbs.push)).toBeUndefined())
    await until(() => expect(store.getState().notifications.gw).toBeUndefined())
  })

  it('a reconnect alone keeps it (the link stops and starts, the role stays)', async () => {
    const { push, store, connection } = await setUp({ permission: 'granted' })
    const enabling = (await controls(store)).enable('gw', texts)
    await answerReconcile(connection)
    await enabling
    connection.socket.close(1012, 'restart')
    const again = await testbed.gateway.connection(1)
    await again.handshake(pushHello())
    await answerReconcile(again)
    expect(push.registrations.get('/push/gw/')!.unregistered).toBe(false)
    await until(() => expect(store.getState().notifications.gw?.state).toBe('on'))
  })

  it('Turn off tells the gateway first, then ends the browser side', async () => {
    const { push, store, connection } = await setUp({ permission: 'granted' })
    const enabling = (await controls(store)).enable('gw', texts)
    const { endpoint } = await answerReconcile(connection)
    await enabling
    const disabling = (await controls(store)).disable('gw')
    const unsubscribe = await connection.request('push.web.unsubscribe')
    expect(unsubscribe.params).toEqual({ endpoint })
    connection.respond(unsubscribe.id, { removed: true })
    await disabling
    expect(push.registrations.size).toBe(0)
    expect(store.getState().notifications.gw?.state).toBe('off')
  })

  it('a category change sends the device preferences whole, and the view shows what the gateway then says', async () => {
    const { store, connection } = await setUp({ permission: 'granted' })
    const enabling = (await controls(store)).enable('gw', texts)
    const { endpoint } = await answerReconcile(connection)
    await enabling
    const changing = (await controls(store)).setCategory('gw', 'agentFinished', true)
    const set = await connection.request('push.web.preferences.set')
    expect(set.params).toEqual({ endpoint, scope: 'device', preferences: { enabled: true, label: '', categories: { agentFinished: true } } })
    connection.respond(set.id, { scope: 'device' })
    connection.respond((await connection.request('push.web.preferences.get')).id, effective({ agentFinished: true }))
    await changing
    expect(store.getState().notifications.gw?.categories?.agentFinished).toBe(true)
    // Shown at once; put back when the gateway refuses.
    const refused = (await controls(store)).setCategory('gw', 'agentQuestion', true)
    await until(() => expect(store.getState().notifications.gw?.categories?.agentQuestion).toBe(true))
    connection.fail((await connection.request('push.web.preferences.set')).id, { code: 'FORBIDDEN', message: 'subscription binding changed' })
    await refused
    expect(store.getState().notifications.gw).toMatchObject({ categories: { agentQuestion: false }, problem: 'failed', error: 'subscription binding changed' })
  })

  it('offers notifications once, after the first message sent here; "Not now" is remembered', async () => {
    const { store, connection } = await setUp()
    // Wait for the feature's chunk and a first look at the state.
    await until(() => expect(store.getState().notifications.gw?.state).toBe('off'))
    await settle()
    expect(store.getState().notifications.gw?.offer).toBeUndefined()
    void store.getState().sendMessage('gw', 'hello')
    await until(() => expect(store.getState().notifications.gw?.offer).toBe(true))
    await (await controls(store)).dismissOffer('gw')
    expect(store.getState().notifications.gw?.offer).toBeUndefined()
    expect(await get('gw', rawDbs.push)).toMatchObject({ offered: true, enabled: false })
    void connection
  })

  it('the badge counts the requests waiting on every gateway, and an answered one closes its notification', async () => {
    const { push, store, connection } = await setUp({ permission: 'granted' })
    const enabling = (await controls(store)).enable('gw', texts)
    await answerReconcile(connection)
    await enabling
    store.setState({
      approvals: {
        gw: {
          entries: [
            { id: 'a1', status: 'pending' },
            { id: 'a2', status: 'answered' },
          ] as never,
          questions: [{ id: 'q1', status: 'pending' }] as never,
        },
      },
    })
    await until(() => expect(push.badges.at(-1)).toBe(2))
    await until(async () => expect(await get('gw', rawDbs.push)).toMatchObject({ waiting: ['openclaw-approval-a1', 'openclaw-question-q1'] }))
    store.setState({ approvals: { gw: { entries: [{ id: 'a1', status: 'answered' }] as never, questions: [{ id: 'q1', status: 'pending' }] as never } } })
    await until(() => expect(push.badges.at(-1)).toBe(1))
    await until(() => expect(push.registrations.get('/push/gw/')!.closed).toEqual(['openclaw-approval-a1']))
  })
})
