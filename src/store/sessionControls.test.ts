// @vitest-environment node
import { describe, expect, it } from 'vitest'
import type { GatewayConnection } from '../gateway/testing/fakeGateway'
import { connectOperator, MAIN_SESSION, until, useStoreTestbed } from './testing/storeTestkit'

const GW = 'gw-sessions'
const OTHER = 'agent:main:dashboard:trip'
const bed = useStoreTestbed()

const row = (key: string, fields: Record<string, unknown> = {}) => ({ key, updatedAt: 1, ...fields })
const STARTING_ROWS = [
  row(MAIN_SESSION, { isMain: true, updatedAt: 5 }),
  row(OTHER, { sessionId: 'sid-trip', displayName: 'calm-claw', unread: true, updatedAt: 9 }),
]

/** Answers the next request for `method` and returns its params. */
async function answer(connection: GatewayConnection, method: string, payload: unknown = { ok: true }): Promise<Record<string, unknown>> {
  const request = await connection.request(method)
  connection.respond(request.id, payload)
  return request.params as Record<string, unknown>
}

async function connected(hello: Record<string, unknown> = {}) {
  const { store } = bed.testStore()
  const connection = await connectOperator(store, bed.gateway, GW, { sessions: STARTING_ROWS, hello })
  const controls = await store.getState().sessionControls()
  return { store, connection, controls }
}

describe('session controls', () => {
  it('renames with the label (blank gives the gateway’s name back), then lists again', async () => {
    const { store, connection, controls } = await connected()
    const renaming = controls.rename(GW, OTHER, '  Trip plans  ')
    expect(await answer(connection, 'sessions.patch')).toEqual({ key: OTHER, label: 'Trip plans' })
    await answer(connection, 'sessions.subscribe', { list: { sessions: [STARTING_ROWS[0], { ...STARTING_ROWS[1], label: 'Trip plans' }] } })
    await renaming
    expect(store.getState().sessions[GW]?.find((r) => r.key === OTHER)?.title).toBe('Trip plans')

    const clearing = controls.rename(GW, OTHER, '   ')
    expect(await answer(connection, 'sessions.patch')).toEqual({ key: OTHER, label: null })
    await answer(connection, 'sessions.subscribe', { list: { sessions: STARTING_ROWS } })
    await clearing
  })

  it('archives with the session id the gateway wants, and the open session moves to the main one', async () => {
    const { store, connection, controls } = await connected()
    const opening = store.getState().openSession(GW, OTHER)
    await answer(connection, 'chat.history', { messages: [] })
    await opening

    const archiving = controls.setArchived(GW, OTHER, true)
    expect(await answer(connection, 'sessions.patch')).toEqual({ key: OTHER, expectedSessionId: 'sid-trip', archived: true })
    await answer(connection, 'sessions.subscribe', { list: { sessions: [STARTING_ROWS[0]] } })
    await answer(connection, 'chat.history', { messages: [] })
    await archiving
    expect(store.getState().chats[GW]?.sessionKey).toBe(MAIN_SESSION)
    expect(store.getState().sessions[GW]?.map((r) => r.key)).toEqual([MAIN_SESSION])
  })

  it('lists archived sessions on request and restores one', async () => {
    const { store, connection, controls } = await connected()
    const loading = controls.loadArchived(GW)
    expect(await answer(connection, 'sessions.list', { sessions: [row('agent:main:dashboard:old', { sessionId: 'sid-old', archived: true })] })).toMatchObject({
      archived: true,
    })
    await loading
    expect(store.getState().archivedSessions[GW]?.map((r) => [r.key, r.archived])).toEqual([['agent:main:dashboard:old', true]])

    const restoring = controls.setArchived(GW, 'agent:main:dashboard:old', false)
    expect(await answer(connection, 'sessions.patch')).toEqual({ key: 'agent:main:dashboard:old', expectedSessionId: 'sid-old', archived: false })
    await answer(connection, 'sessions.subscribe', { list: { sessions: STARTING_ROWS } })
    // Shown archived lists are fetched again too.
    await answer(connection, 'sessions.list', { sessions: [] })
    await restoring
    expect(store.getState().archivedSessions[GW]).toEqual([])
  })

  it('deletes an active session by archiving it first, then deleting only if archived (a writer may; without archivedOnly the gateway wants admin)', async () => {
    const { store, connection, controls } = await connected()
    const removing = controls.remove(GW, OTHER)
    expect(await answer(connection, 'sessions.patch')).toEqual({ key: OTHER, expectedSessionId: 'sid-trip', archived: true })
    expect(await answer(connection, 'sessions.delete', { ok: true, key: OTHER, deleted: true, archived: [] })).toEqual({
      key: OTHER,
      archivedOnly: true,
      expectedSessionId: 'sid-trip',
    })
    await until(() => expect(store.getState().sessions[GW]?.map((r) => r.key)).toEqual([MAIN_SESSION]))
    await answer(connection, 'sessions.subscribe', { list: { sessions: [STARTING_ROWS[0]] } })
    await removing
  })

  it('a refused delete rejects and keeps the session listed', async () => {
    const { store, connection, controls } = await connected()
    const removing = controls.remove(GW, OTHER)
    await answer(connection, 'sessions.patch')
    const request = await connection.request('sessions.delete')
    connection.fail(request.id, { code: 'INVALID_REQUEST', message: 'Session is busy' })
    await expect(removing).rejects.toThrow('Session is busy')
    expect(store.getState().sessions[GW]?.map((r) => r.key)).toContain(OTHER)
  })

  it('marks a session read at once and tells the gateway', async () => {
    const { store, connection, controls } = await connected()
    const marking = controls.markRead(GW, OTHER)
    expect(store.getState().sessions[GW]?.find((r) => r.key === OTHER)?.unread).toBe(false)
    expect(await answer(connection, 'sessions.patch')).toEqual({ key: OTHER, unread: false })
    await marking
  })

  it('offers no search where hello-ok does not list sessions.search', async () => {
    const { controls } = await connected()
    expect(controls.canSearch(GW)).toBe(false)
  })

  it('offers search where hello-ok lists sessions.search, and reads hits with their session titles', async () => {
    const { connection, controls } = await connected({ features: { methods: ['chat.send', 'sessions.search'], events: [] } })
    expect(controls.canSearch(GW)).toBe(true)
    const searching = controls.search(GW, 'trip')
    const params = await answer(connection, 'sessions.search', {
      results: [
        { sessionKey: OTHER, sessionId: 's', messageId: 'm1', role: 'user', timestamp: 5, snippet: 'plan the trip', score: 1 },
        { sessionKey: '', snippet: 'malformed' },
      ],
      sessions: [row(OTHER, { label: 'Trip plans' })],
    })
    expect(params).toMatchObject({ query: 'trip' })
    expect(await searching).toEqual([{ sessionKey: OTHER, snippet: 'plan the trip', title: 'Trip plans', isMain: false, timestamp: 5 }])
  })

  it('lists models as provider/id references (unavailable ones left out) and sets one with sessions.patch', async () => {
    const { store, connection, controls } = await connected()
    const listing = controls.models(GW, OTHER)
    expect(
      await answer(connection, 'models.list', {
        models: [
          { id: 'fake-model', name: 'Fake', provider: 'fake', thinkingLevels: [{ id: 'off', label: 'off' }], thinkingDefault: 'off' },
          { id: 'gone', provider: 'fake', available: false },
          { name: 'no id' },
        ],
      }),
    ).toEqual({ sessionKey: OTHER })
    expect(await listing).toEqual([{ ref: 'fake/fake-model', name: 'Fake', thinkingLevels: ['off'], thinkingDefault: 'off' }])

    const setting = controls.setModel(GW, OTHER, 'fake/fake-thinker')
    expect(store.getState().sessions[GW]?.find((r) => r.key === OTHER)?.model).toBe('fake/fake-thinker')
    expect(await answer(connection, 'sessions.patch')).toEqual({ key: OTHER, model: 'fake/fake-thinker' })
    await answer(connection, 'sessions.subscribe', { list: { sessions: STARTING_ROWS } })
    await setting
  })

  it('sets thinking with sessions.patch; where the gateway wants admin for it, sends /think in the open session', async () => {
    const { store, connection, controls } = await connected()
    const patching = controls.setThinking(GW, MAIN_SESSION, 'high')
    expect(await answer(connection, 'sessions.patch')).toEqual({ key: MAIN_SESSION, thinkingLevel: 'high' })
    await answer(connection, 'sessions.subscribe', { list: { sessions: STARTING_ROWS } })
    expect(await patching).toBe('patched')

    const falling = controls.setThinking(GW, MAIN_SESSION, 'low')
    const refused = await connection.request('sessions.patch')
    connection.fail(refused.id, { code: 'INVALID_REQUEST', message: 'missing scope: operator.admin' })
    const send = await connection.request('chat.send')
    expect(send.params).toMatchObject({ sessionKey: MAIN_SESSION, message: '/think low' })
    connection.respond(send.id, { runId: (send.params as { idempotencyKey: string }).idempotencyKey, status: 'started' })
    expect(await falling).toBe('command')
    expect(store.getState().chats[GW]?.sessionKey).toBe(MAIN_SESSION)
  })

  it('reads the command catalog: the typed alias, argument hints, one entry per alias, junk skipped', async () => {
    const { connection, controls } = await connected()
    const listing = controls.commands(GW, MAIN_SESSION)
    expect(
      await answer(connection, 'commands.list', {
        commands: [
          { name: 'help', textAliases: ['/help'], description: 'Show available commands.', acceptsArgs: false, source: 'native', scope: 'both' },
          {
            name: 'tools',
            textAliases: ['/tools'],
            description: 'List tools.',
            acceptsArgs: true,
            args: [{ name: 'mode', description: 'compact or verbose', type: 'string', choices: [{ value: 'compact', label: 'compact' }] }],
          },
          { name: 'think', description: 'Set thinking.', acceptsArgs: true, args: [{ name: 'level', required: true, description: '' }, { bad: 1 }] },
          { name: 'help', textAliases: ['/help'], description: 'again' },
          { description: 'no name' },
        ],
      }),
    ).toEqual({ sessionKey: MAIN_SESSION, includeArgs: true })
    expect(await listing).toEqual([
      { command: '/help', description: 'Show available commands.', acceptsArgs: false, args: [] },
      { command: '/tools', description: 'List tools.', acceptsArgs: true, args: [{ name: 'mode', required: false, choices: ['compact'] }] },
      { command: '/think', description: 'Set thinking.', acceptsArgs: true, args: [{ name: 'level', required: true, choices: [] }] },
    ])
  })

  it('refuses while the gateway is not connected', async () => {
    const { store, controls } = await connected()
    store.getState().clientFor(GW)?.stop()
    await until(() => expect(store.getState().statuses[GW]?.phase).not.toBe('connected'))
    await expect(controls.rename(GW, OTHER, 'x')).rejects.toThrow()
    expect(controls.canSearch(GW)).toBe(false)
  })

  it('keeps live tool rows from session.tool events, and reads a history reply’s calls from the page it came in', async () => {
    const { store, connection, controls } = await connected()
    controls.watchTools(GW)
    controls.watchTools(GW) // once per connection: no second listener
    const tool = (phase: string, data: Record<string, unknown>, ts: number) =>
      connection.event('session.tool', { runId: 'r1', sessionKey: OTHER, ts, stream: 'tool', data: { phase, name: 'exec', toolCallId: 'c1', ...data } })
    tool('start', { args: { command: 'ls' } }, 100)
    tool('result', { isError: false, result: { content: [{ type: 'text', text: 'a.txt' }] } }, 350)
    connection.event('session.tool', { sessionKey: MAIN_SESSION, data: { phase: 'start' } }) // malformed: ignored
    await until(() =>
      expect(store.getState().toolRuns?.[GW]?.r1).toEqual([
        { id: 'c1', name: 'exec', status: 'done', input: 'ls', output: 'a.txt', startedAt: 100, durationMs: 250 },
      ]),
    )
    const liveReply = { kind: 'reply' as const, id: 'live-1', runId: 'r1', text: '', state: 'streaming' as const }
    expect(controls.toolRows(GW, liveReply).map((row) => row.id)).toEqual(['c1'])

    // The history arrives: its reply holds the call; the live row lends the duration the history lacks.
    const reload = store.getState().openSession(GW, OTHER)
    await answer(connection, 'chat.history', {
      messages: [
        { role: 'assistant', content: [{ type: 'toolCall', id: 'c1', name: 'exec', arguments: { command: 'ls' } }], __openclaw: { id: 'm1', runId: 'r1' } },
        { role: 'toolResult', toolCallId: 'c1', content: [{ type: 'text', text: 'a.txt' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Done.' }], __openclaw: { id: 'm2', runId: 'r1' } },
      ],
    })
    await reload
    const history = store.getState().chats[GW]?.history ?? []
    expect(controls.toolRows(GW, history.find((item) => item.id === 'm1')!)).toEqual([
      { id: 'c1', name: 'exec', status: 'done', input: 'ls', output: 'a.txt', durationMs: 250 },
    ])
    expect(controls.toolRows(GW, history.find((item) => item.id === 'm2')!)).toEqual([])
  })

  it('forgetting the gateway drops its tool rows', async () => {
    const { store, connection, controls } = await connected()
    controls.watchTools(GW)
    connection.event('session.tool', { runId: 'r1', sessionKey: MAIN_SESSION, data: { phase: 'start', name: 'exec', toolCallId: 'c1' } })
    await until(() => expect(store.getState().toolRuns?.[GW]?.r1).toHaveLength(1))
    await store.getState().forgetGateway(GW)
    expect(store.getState().toolRuns?.[GW]).toBeUndefined()
  })
})
