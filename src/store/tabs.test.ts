// @vitest-environment node
// Two tabs of the app (two stores sharing IndexedDB and a fake browser's locks and channel) against
// one fake gateway: the leading tab alone sends, the other reads and queues; forgetting in one tab
// stops and wipes in both; when the leader closes, the other tab delivers.
import { describe, expect, it } from 'vitest'
import type { StoreApi } from 'zustand/vanilla'
import type { GatewayConnection, SentRequest } from '../gateway/testing/fakeGateway'
import { loadOutbox } from './chatStorage'
import type { AppState } from './store'
import { FakeBrowser } from './testing/fakeTabs'
import { allKeys, answerStartup, connectOperator, MAIN_SESSION, NOTHING_STORED, settle, until, useStoreTestbed } from './testing/storeTestkit'

const GW = 'gw-tabs'
const bed = useStoreTestbed()

const userState = (store: StoreApi<AppState>, id: string) => {
  const item = store.getState().chats[GW]?.live.find((candidate) => candidate.id === id)
  return item?.kind === 'user' ? item.state : undefined
}

const ack = (connection: GatewayConnection, request: SentRequest) =>
  connection.respond(request.id, { runId: (request.params as { idempotencyKey: string }).idempotencyKey, status: 'started' })

/**
 * The next `chat.send` on the link. A pump that starts after the startup history was answered
 * (its chunk loads when the tab first leads) first asks whether the session is idle: answered empty.
 */
async function nextSend(connection: GatewayConnection): Promise<SentRequest> {
  for (;;) {
    const frame = (await connection.take(
      (candidate) => candidate.type === 'req' && (candidate.method === 'chat.send' || candidate.method === 'chat.history'),
    )) as SentRequest
    if (frame.method === 'chat.send') return frame
    connection.respond(frame.id, { messages: [] })
  }
}

/** The first tab pairs and leads; the second opens afterwards and follows over a link of its own. */
async function twoTabs() {
  const browser = new FakeBrowser()
  const first = browser.openTab()
  const second = browser.openTab()
  const leader = bed.testStore({ tabs: first.tabs, newId: () => 'from-leader' })
  const leaderLink = await connectOperator(leader.store, bed.gateway, GW)
  const follower = bed.testStore({ tabs: second.tabs, newId: () => 'from-follower' })
  await follower.store.getState().boot()
  const followerLink = await bed.gateway.connection(1)
  await followerLink.handshake()
  await answerStartup(follower.store, GW, followerLink)
  return { browser, first, second, leader, leaderLink, follower, followerLink }
}

describe('two tabs, one delivery', () => {
  it('a message typed in the following tab is sent once, by the leading tab, and shown as it goes in both', async () => {
    const { leader, leaderLink, follower, followerLink } = await twoTabs()

    const typed = follower.store.getState().sendMessage(GW, 'from the follower')
    const request = await nextSend(leaderLink)
    expect(request.params).toEqual({ sessionKey: MAIN_SESSION, message: 'from the follower', idempotencyKey: 'from-follower' })
    // The follower's state follows the leader's progress, and the leader shows the message too.
    await until(() => userState(follower.store, 'from-follower') === 'sending')
    expect(userState(leader.store, 'from-follower')).toBe('sending')
    ack(leaderLink, request)
    await typed
    await until(() => userState(follower.store, 'from-follower') === 'sent')
    await until(async () => (await loadOutbox(GW)).length === 0)
    await settle()
    expect(followerLink.requestsFor('chat.send')).toEqual([])
    expect(leaderLink.requestsFor('chat.send')).toHaveLength(1)
  })

  it('the following tab runs no node link: only the leader holds one', async () => {
    const browser = new FakeBrowser()
    const first = browser.openTab()
    const leader = bed.testStore({ tabs: first.tabs })
    await connectOperator(leader.store, bed.gateway, GW)
    await leader.store.getState().addRole(GW, 'node')
    await bed.gateway.connection(1)
    const follower = bed.testStore({ tabs: browser.openTab().tabs })
    await follower.store.getState().boot()
    await until(() => follower.store.getState().leadership[GW] === 'follower')
    await settle()
    expect(follower.store.getState().clientFor(GW, 'operator')).toBeDefined()
    expect(follower.store.getState().clientFor(GW, 'node')).toBeUndefined()
    expect(leader.store.getState().clientFor(GW, 'node')).toBeDefined()
    leader.store.getState().clientFor(GW, 'node')?.stop()
  })

  it('when the leading tab closes, the other takes over and delivers what waits in the outbox', async () => {
    const { browser, first, leader, leaderLink, follower, followerLink } = await twoTabs()
    // The leader's link is down: the message waits.
    leader.store.getState().clientFor(GW)?.stop()
    await follower.store.getState().sendMessage(GW, 'waits for a leader')
    await settle()
    expect(leaderLink.requestsFor('chat.send')).toEqual([])
    expect(followerLink.requestsFor('chat.send')).toEqual([])

    browser.closeTab(first.tab)
    const request = await nextSend(followerLink)
    expect(request.params).toMatchObject({ message: 'waits for a leader', idempotencyKey: 'from-follower' })
    ack(followerLink, request)
    await until(() => userState(follower.store, 'from-follower') === 'sent')
    expect(follower.store.getState().leadership[GW]).toBe('leader')
  })

  it('forgetting in one tab stops the other tab’s clients, drops the gateway there, and leaves nothing stored', async () => {
    const { leader, follower, followerLink } = await twoTabs()
    // The follower has a draft save pending when the gateway is forgotten elsewhere.
    follower.store.getState().setDraft(GW, 'half a thought')
    await leader.store.getState().forgetGateway(GW)

    await until(() => follower.store.getState().gateways.length === 0)
    expect(follower.store.getState().clientFor(GW)).toBeUndefined()
    await followerLink.closed
    expect(follower.store.getState().chats[GW]).toBeUndefined()
    expect(follower.store.getState().leadership[GW]).toBeUndefined()
    // The draft's pending save was dropped: writing pending drafts now writes nothing back.
    await follower.store.getState().flushDrafts()
    await settle()
    // The booted stores wrote the storage schema version (meta), which is no gateway's data and stays.
    expect(await allKeys()).toEqual({ ...NOTHING_STORED, meta: ['schema'] })
  })
})
