// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FakeGateway } from '../gateway/testing/fakeGateway'
import { parseSessionList } from './sessionsWire'
import { clearAllDatabases, connectOperator, createTestStore, MAIN_SESSION, until } from './testing/storeTestkit'

const row = (key: string, fields: Record<string, unknown> = {}) => ({ key, updatedAt: 1, isMain: false, hasActiveRun: false, ...fields })
const titleOf = (fields: Record<string, unknown>) => parseSessionList({ sessions: [row('k', fields)] })[0]?.title

describe('parseSessionList titles', () => {
  const all = { displayName: 'Display', label: 'Label', title: 'Title', derivedTitle: 'Derived', isMain: true, lastMessagePreview: 'Preview' }

  it.each([
    ['displayName', all, 'Display'],
    ['label', { ...all, displayName: undefined }, 'Label'],
    ['title', { ...all, displayName: undefined, label: undefined }, 'Title'],
    ['derivedTitle', { ...all, displayName: undefined, label: undefined, title: undefined }, 'Derived'],
    // The store words nothing: the UI names an unnamed session in the user's language (SessionsNav).
    ['no title (the UI says Main chat) for the main session', { isMain: true, lastMessagePreview: 'Preview' }, undefined],
    ['the last message preview', { isMain: false, lastMessagePreview: 'Preview' }, 'Preview'],
    ['no title (the UI says New chat) when nothing else is known', {}, undefined],
  ])('uses %s', (_, fields, title) => {
    expect(titleOf(fields)).toBe(title)
  })

  it('cuts a long preview to 60 characters', () => {
    expect(titleOf({ lastMessagePreview: 'x'.repeat(200) })).toBe('x'.repeat(60))
  })
})

describe('parseSessionList rows', () => {
  it('orders sessions newest first and keeps their flags', () => {
    const rows = parseSessionList({
      sessions: [
        row('agent:main:main', { updatedAt: 200, isMain: true }),
        row('agent:main:dashboard:b', { updatedAt: 300, hasActiveRun: true, derivedTitle: 'Trip plans' }),
        row('agent:main:dashboard:a', { updatedAt: 100, lastMessagePreview: 'hello' }),
      ],
    })
    expect(rows).toEqual([
      { key: 'agent:main:dashboard:b', title: 'Trip plans', updatedAt: 300, isMain: false, hasActiveRun: true },
      { key: 'agent:main:main', title: undefined, updatedAt: 200, isMain: true, hasActiveRun: false },
      { key: 'agent:main:dashboard:a', title: 'hello', updatedAt: 100, isMain: false, hasActiveRun: false },
    ])
  })

  it('puts rows without updatedAt last and defaults missing flags to false', () => {
    const rows = parseSessionList({ sessions: [{ key: 'old' }, row('new', { updatedAt: 5 })] })
    expect(rows).toEqual([
      { key: 'new', title: undefined, updatedAt: 5, isMain: false, hasActiveRun: false },
      { key: 'old', title: undefined, updatedAt: 0, isMain: false, hasActiveRun: false },
    ])
  })

  it('skips malformed rows and reads a non-list as no sessions', () => {
    expect(parseSessionList({ sessions: [null, { key: '' }, { key: 5 }, 'x', row('ok')] }).map((r) => r.key)).toEqual(['ok'])
    expect(parseSessionList(null)).toEqual([])
    expect(parseSessionList({ sessions: 'nope' })).toEqual([])
  })
})

describe('sessions in the store', () => {
  let gateway: FakeGateway
  let dispose: () => void = () => {}

  beforeEach(async () => {
    await clearAllDatabases()
    gateway = await FakeGateway.start()
  })

  afterEach(async () => {
    dispose()
    await gateway.close()
  })

  it('subscribes on connect and keeps the list newest first', async () => {
    const created = createTestStore()
    dispose = created.dispose
    const { store } = created
    const connection = await connectOperator(store, gateway, 'gw', {
      sessions: [row(MAIN_SESSION, { updatedAt: 1, isMain: true }), row('agent:main:dashboard:1', { updatedAt: 9, label: 'Groceries' })],
    })
    expect(connection.requestsFor('sessions.subscribe')[0]?.params).toMatchObject({ includeDerivedTitles: true, includeLastMessage: true })
    expect(store.getState().sessions.gw?.map((s) => s.title)).toEqual(['Groceries', undefined])
  })

  it('creates a session for the gateway’s default agent and opens it', async () => {
    const created = createTestStore()
    dispose = created.dispose
    const { store, preferences } = created
    const hello = { snapshot: { sessionDefaults: { defaultAgentId: 'ops', mainKey: 'main', mainSessionKey: 'agent:ops:main' } } }
    const connection = await connectOperator(store, gateway, 'gw', { hello })

    const creating = store.getState().createSession('gw')
    const create = await connection.request('sessions.create')
    expect(create.params).toEqual({ agentId: 'ops' })
    const key = 'agent:ops:dashboard:5b0c2f3e-8d7a-4c1e-9f00-123456789abc'
    connection.respond(create.id, { ok: true, key, sessionId: 'sess-1' })
    const history = await connection.request('chat.history')
    expect(history.params).toMatchObject({ sessionKey: key })
    connection.respond(history.id, { messages: [] })
    const refresh = await connection.request('sessions.subscribe')
    connection.respond(refresh.id, {
      subscribed: true,
      list: { sessions: [row(key, { updatedAt: 50 }), row('agent:ops:main', { updatedAt: 10, isMain: true })] },
    })
    await creating

    expect(store.getState().chats.gw?.sessionKey).toBe(key)
    expect(preferences.lastSession('gw')).toBe(key)
    await until(() => expect(store.getState().sessions.gw?.map((s) => s.key)).toEqual([key, 'agent:ops:main']))
  })
})
