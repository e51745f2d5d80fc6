// @vitest-environment node
// Opening a session asks the gateway at once and shows the device's cached copy meanwhile, so either
// may arrive first. Here a session's cache read is held until the test lets it through.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { StoreApi } from 'zustand/vanilla'
import { LATEST_PAGE } from './chatSlice'
import { saveCachedHistory, type CachedMessage } from './chatStorage'
import type { AppState } from './store'
import { connectOperator, settle, useStoreTestbed } from './testing/storeTestkit'

const cacheReads = vi.hoisted(() => {
  const held = new Map<string, Promise<void>>()
  return {
    /** Holds the next cache reads of `sessionKey` until the returned function is called. */
    hold(sessionKey: string): () => void {
      let release = () => {}
      held.set(sessionKey, new Promise<void>((resolve) => (release = resolve)))
      return release
    },
    waitFor: (sessionKey: string) => held.get(sessionKey),
    clear: () => held.clear(),
  }
})

vi.mock('./chatStorage', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./chatStorage')>()
  return {
    ...actual,
    // Read at once, handed over when released: a slow read of what the cache held when it began.
    loadCachedHistory: async (gatewayId: string, sessionKey: string) => {
      const messages = await actual.loadCachedHistory(gatewayId, sessionKey)
      await cacheReads.waitFor(sessionKey)
      return messages
    },
  }
})

const GW = 'gw-open'
const FIRST = 'agent:main:first'
const SECOND = 'agent:main:second'

const bed = useStoreTestbed()
const testStore = bed.testStore
beforeEach(() => cacheReads.clear())

const turn = (id: string, text: string) => ({ role: 'assistant', content: [{ type: 'text', text }], timestamp: 1_737_264_000_000, __openclaw: { id } })
const cached = (id: string, text: string): CachedMessage => ({ id, role: 'assistant', text })
const shown = (store: StoreApi<AppState>) => ({
  sessionKey: store.getState().chats[GW]?.sessionKey,
  texts: store.getState().chats[GW]?.history.map((item) => item.text),
})

describe('openSession', () => {
  it('asks the gateway for the session while its cached copy is still being read', async () => {
    const { store } = testStore()
    const connection = await connectOperator(store, bed.gateway, GW)
    const releaseCache = cacheReads.hold(FIRST)

    const opening = store.getState().openSession(GW, FIRST)
    const request = await connection.request('chat.history')
    expect(request.params).toMatchObject({ sessionKey: FIRST, limit: LATEST_PAGE })
    connection.respond(request.id, { messages: [turn('g1', 'from the gateway')] })
    releaseCache()
    await opening

    expect(shown(store)).toEqual({ sessionKey: FIRST, texts: ['from the gateway'] })
  })

  it('keeps the gateway’s page when the cached copy is read after it: the cache is older', async () => {
    const { store } = testStore()
    const connection = await connectOperator(store, bed.gateway, GW)
    await saveCachedHistory(GW, FIRST, [cached('c1', 'cached copy')])
    const releaseCache = cacheReads.hold(FIRST)

    const opening = store.getState().openSession(GW, FIRST)
    connection.respond((await connection.request('chat.history')).id, { messages: [turn('g1', 'from the gateway')] })
    // Still held: what shows is the gateway's page.
    await vi.waitFor(() => expect(shown(store).texts).toEqual(['from the gateway']))
    releaseCache()
    await opening

    expect(shown(store)).toEqual({ sessionKey: FIRST, texts: ['from the gateway'] })
  })

  it('shows the cached copy while the gateway has not answered, then the gateway’s page', async () => {
    const { store } = testStore()
    const connection = await connectOperator(store, bed.gateway, GW)
    await saveCachedHistory(GW, FIRST, [cached('c1', 'cached copy')])

    const opening = store.getState().openSession(GW, FIRST)
    const request = await connection.request('chat.history')
    await vi.waitFor(() => expect(shown(store).texts).toEqual(['cached copy']))
    connection.respond(request.id, { messages: [turn('g1', 'from the gateway')] })
    await opening

    expect(shown(store)).toEqual({ sessionKey: FIRST, texts: ['from the gateway'] })
  })

  it('drops the cached copy of a session the user has already left', async () => {
    const { store } = testStore()
    const connection = await connectOperator(store, bed.gateway, GW)
    await saveCachedHistory(GW, FIRST, [cached('c1', 'cached copy of the first session')])
    const releaseFirstCache = cacheReads.hold(FIRST)

    const openingFirst = store.getState().openSession(GW, FIRST)
    const firstRequest = await connection.request('chat.history')
    const openingSecond = store.getState().openSession(GW, SECOND)
    const secondRequest = await connection.request('chat.history')
    expect(secondRequest.params).toMatchObject({ sessionKey: SECOND })
    // The first session's cache comes in while the second one waits for the bed.gateway.
    releaseFirstCache()
    await settle()
    expect(shown(store)).toEqual({ sessionKey: SECOND, texts: [] })
    connection.respond(secondRequest.id, { messages: [turn('s1', 'the second session')] })
    await openingSecond
    connection.respond(firstRequest.id, { messages: [turn('f1', 'the first session')] })
    await openingFirst

    expect(shown(store)).toEqual({ sessionKey: SECOND, texts: ['the second session'] })
  })
})
