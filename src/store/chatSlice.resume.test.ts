// @vitest-environment node
/**
 * Coming back with only what changed: a history answer's `deltaCursor` makes the next reload (a finished
 * reply, a reconnect, a missed event) a catch-up (`chat.history {cursor}`), its messages put after those
 * shown; "reset" (or a catch-up that fails) falls back to the newest page.
 */
import { describe, expect, it, vi } from 'vitest'
import type { GatewayConnection } from '../gateway/testing/fakeGateway'
import { LATEST_PAGE } from './chatSlice'
import { loadCachedHistory } from './chatStorage'
import { connectOperator, MAIN_SESSION, until, useStoreTestbed } from './testing/storeTestkit'

const GW = 'gw-resume'
const bed = useStoreTestbed()

const turn = (id: string, role: 'user' | 'assistant', text: string) => ({
  role,
  content: [{ type: 'text', text }],
  timestamp: 1_737_264_000_000,
  __openclaw: { id },
})
/** A catch-up's entry, as the gateway sends it: a `session.message` payload around the message. */
const envelope = (message: ReturnType<typeof turn>) => ({
  sessionKey: MAIN_SESSION,
  agentId: 'main',
  message,
  messageId: message.__openclaw.id,
  session: { key: MAIN_SESSION },
})
const finished = (runId: string) => ({
  runId,
  sessionKey: MAIN_SESSION,
  seq: 2,
  state: 'final',
  message: { role: 'assistant', content: [{ type: 'text', text: `Echo: ${runId}` }], timestamp: 1_737_264_001_000 },
})
/** A finished reply makes the store reload the history; returns the request that reload sent. */
const reload = async (connection: GatewayConnection, runId: string) => {
  connection.event('chat', finished(runId))
  return connection.request('chat.history')
}

describe('history catch-up from a deltaCursor', () => {
  it('asks only for what changed, puts it after the history shown, and falls back to the newest page on reset', async () => {
    const { store } = bed.testStore()
    const connection = await connectOperator(store, bed.gateway, GW, {
      history: { messages: [turn('m1', 'user', 'one'), turn('m2', 'assistant', 'two')], hasMore: true, nextOffset: 2, deltaCursor: 'c1' },
    })
    const texts = () => store.getState().chats[GW]?.history.map((item) => item.text)
    await until(() => expect(texts()).toEqual(['one', 'two']))

    const delta = await reload(connection, 'r1')
    expect(delta.params).toEqual({ sessionKey: MAIN_SESSION, cursor: 'c1', maxChars: 500_000 })
    // m2 again (a gateway may repeat the edge) is not shown twice.
    connection.respond(delta.id, {
      kind: 'delta',
      messages: [envelope(turn('m2', 'assistant', 'two')), envelope(turn('m3', 'user', 'three'))],
      deltaCursor: 'c2',
    })
    await until(() => expect(texts()).toEqual(['one', 'two', 'three']))
    // The older cursor is the page's: scrolling back still goes on from where it was.
    expect(store.getState().chats[GW]).toMatchObject({ hasOlder: true, olderOffset: 2, historyState: 'loaded' })

    const next = await reload(connection, 'r2')
    expect(next.params).toMatchObject({ cursor: 'c2' })
    connection.respond(next.id, { kind: 'reset' })
    const tail = await connection.request('chat.history')
    expect(tail.params).toMatchObject({ sessionKey: MAIN_SESSION, limit: LATEST_PAGE })
    expect(tail.params).not.toHaveProperty('cursor')
    connection.respond(tail.id, { messages: [turn('m9', 'user', 'nine')], hasMore: false })
    await until(() => expect(texts()).toEqual(['nine']))

    // That page gave no cursor: the next reload asks for the newest page again.
    const again = await reload(connection, 'r3')
    expect(again.params).toMatchObject({ limit: LATEST_PAGE })
  })

  it('the offline cache keeps the newest four pages of a session that catch-ups extended, not all of it', async () => {
    const { store } = bed.testStore()
    const page = Array.from({ length: LATEST_PAGE }, (_, i) => turn(`p${i}`, 'user', `page ${i}`))
    const connection = await connectOperator(store, bed.gateway, GW, { history: { messages: page, deltaCursor: 'c1' } })
    const delta = await reload(connection, 'r1')
    const arrived = Array.from({ length: 100 }, (_, i) => envelope(turn(`d${i}`, 'assistant', `delta ${i}`)))
    connection.respond(delta.id, { kind: 'delta', messages: arrived, deltaCursor: 'c2' })
    await until(() => expect(store.getState().chats[GW]?.history).toHaveLength(LATEST_PAGE + 100))
    await vi.waitFor(async () => {
      // The history's records (the finished reply's live copy is cached beside them until history has it).
      const cached = (await loadCachedHistory(GW, MAIN_SESSION)).filter((message) => /^(page|delta) /.test(message.text))
      expect(cached).toHaveLength(4 * LATEST_PAGE)
      expect(cached.at(-1)?.text).toBe('delta 99')
      expect(cached[0]?.text).toBe('page 10')
    })
  })

  it('a catch-up the gateway refuses falls back to the newest page, not to an error', async () => {
    const { store } = bed.testStore()
    const connection = await connectOperator(store, bed.gateway, GW, { history: { messages: [turn('m1', 'user', 'one')], deltaCursor: 'c1' } })
    const delta = await reload(connection, 'r1')
    expect(delta.params).toMatchObject({ cursor: 'c1' })
    connection.fail(delta.id, { code: 'INVALID_REQUEST', message: 'cursor cannot be used with offset or messageId' })
    const tail = await connection.request('chat.history')
    connection.respond(tail.id, { messages: [turn('m1', 'user', 'one'), turn('m2', 'assistant', 'two')] })
    await until(() => expect(store.getState().chats[GW]?.history.map((item) => item.text)).toEqual(['one', 'two']))
    expect(store.getState().chats[GW]?.historyState).toBe('loaded')
  })
})
