// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FakeGateway } from '../gateway/testing/fakeGateway'
import { keepTitles, parseSessionList } from './sessionsWire'
import { clearAllDatabases, connectOperator, createTestStore, MAIN_SESSION, until } from './testing/storeTestkit'

const row = (key: string, fields: Record<string, unknown> = {}) => ({ key, updatedAt: 1, isMain: false, hasActiveRun: false, ...fields })
const titleOf = (fields: Record<string, unknown>) => parseSessionList({ sessions: [row('k', fields)] })[0]?.title

describe('parseSessionList titles', () => {
  const all = { displayName: 'Display', label: 'Label', title: 'Title', derivedTitle: 'Derived', isMain: true, lastMessagePreview: 'Preview' }

  it.each([
    // A rename (label) is the user's own name: it wins over the gateway's.
    ['label', all, 'Label'],
    ['displayName', { ...all, label: undefined }, 'Display'],
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

/** A row with every flag at its default. */
const BARE = { title: undefined, titleIsPreview: false, isMain: false, hasActiveRun: false, archived: false, unread: false, thinkingOptions: [] }

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
      { ...BARE, key: 'agent:main:dashboard:b', title: 'Trip plans', updatedAt: 300, hasActiveRun: true },
      { ...BARE, key: 'agent:main:main', updatedAt: 200, isMain: true },
      { ...BARE, key: 'agent:main:dashboard:a', title: 'hello', titleIsPreview: true, updatedAt: 100 },
    ])
  })

  it('puts rows without updatedAt last and defaults missing flags to false', () => {
    const rows = parseSessionList({ sessions: [{ key: 'old' }, row('new', { updatedAt: 5 })] })
    expect(rows).toEqual([
      { ...BARE, key: 'new', updatedAt: 5 },
      { ...BARE, key: 'old', updatedAt: 0 },
    ])
  })

  it('keeps what the menus and pickers need: session id, archived, unread, model and thinking levels', () => {
    const [parsed] = parseSessionList({
      sessions: [
        row('k', {
          sessionId: 'sid-1',
          archived: true,
          unread: true,
          model: 'fake-thinker',
          modelProvider: 'fake',
          thinkingLevel: 'high',
          thinkingOptions: ['off', 'high'],
        }),
      ],
    })
    expect(parsed).toMatchObject({
      sessionId: 'sid-1',
      archived: true,
      unread: true,
      model: 'fake/fake-thinker',
      thinkingLevel: 'high',
      thinkingOptions: ['off', 'high'],
    })
    // Levels as { id, label } objects too (models.list and newer rows send them so); junk entries are skipped.
    const [objects] = parseSessionList({ sessions: [row('k', { thinkingOptions: [{ id: 'low', label: 'Low' }, 7, { label: 'x' }, ''] })] })
    expect(objects?.thinkingOptions).toEqual(['low'])
  })

  it('reads null fields (the gateway sends label: null after a rename is cleared) as absent', () => {
    const [parsed] = parseSessionList({ sessions: [row('k', { label: null, displayName: 'calm-claw', sessionId: null, model: null })] })
    expect(parsed).toMatchObject({ title: 'calm-claw', titleIsPreview: false })
    expect(parsed).not.toHaveProperty('sessionId')
    expect(parsed).not.toHaveProperty('model')
  })

  it('skips malformed rows and reads a non-list as no sessions', () => {
    expect(parseSessionList({ sessions: [null, { key: '' }, { key: 5 }, 'x', row('ok')] }).map((r) => r.key)).toEqual(['ok'])
    expect(parseSessionList(null)).toEqual([])
    expect(parseSessionList({ sessions: 'nope' })).toEqual([])
  })
})

describe('keepTitles: a title that stays put', () => {
  const list = (fields: Record<string, unknown>) => parseSessionList({ sessions: [row('k', fields)] })

  it('keeps the first preview of an unnamed session while later messages change the preview', () => {
    const first = list({ lastMessagePreview: 'plan the trip' })
    const later = keepTitles(first, list({ lastMessagePreview: 'sure, here is a plan' }))
    expect(later[0]?.title).toBe('plan the trip')
  })

  it('lets a real name replace the preview, and a new preview never replaces a real name', () => {
    const first = list({ lastMessagePreview: 'plan the trip' })
    const named = keepTitles(first, list({ derivedTitle: 'Trip plans', lastMessagePreview: 'ok' }))
    expect(named[0]?.title).toBe('Trip plans')
    // The name went away (a rename cleared on a gateway without titles): the preview shows, as it is now.
    expect(keepTitles(named, list({ lastMessagePreview: 'ok' }))[0]?.title).toBe('ok')
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
