// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { parseHistory } from './chatHistory'
import { historyItems } from './chatItems'
import { connectOperator, MAIN_SESSION, until, useStoreTestbed } from './testing/storeTestkit'

const GW = 'gw-whole'
const bed = useStoreTestbed()

const CUT = {
  role: 'assistant',
  content: [{ type: 'text', text: 'The start of a long answer\n...(truncated)...' }],
  timestamp: 1_796_689_478_597,
  __openclaw: { id: 'm-long', runId: 'r1', seq: 2, truncated: true, reason: 'display-cap' },
}
const HISTORY = { messages: [{ role: 'user', content: 'tell me everything', timestamp: 1_796_689_470_000, __openclaw: { id: 'm-user', seq: 1 } }, CUT] }

describe('a reply the history cut short', () => {
  it('is marked truncated, and every message keeps its time', () => {
    const items = historyItems(parseHistory(HISTORY)!.messages)
    expect(items).toMatchObject([
      { kind: 'user', timestamp: 1_796_689_470_000 },
      { kind: 'reply', id: 'm-long', truncated: true, timestamp: 1_796_689_478_597 },
    ])
    expect(historyItems(parseHistory({ messages: [{ ...CUT, __openclaw: { id: 'x' } }] })!.messages)[0]).toMatchObject({ truncated: undefined })
  })

  it('is fetched whole with chat.message.get and takes the cut text’s place', async () => {
    const { store } = bed.testStore()
    const connection = await connectOperator(store, bed.gateway, GW, { history: HISTORY })
    const reading = (await store.getState().sessionControls()).readWholeMessage(GW, 'm-long')
    const request = await connection.request('chat.message.get')
    expect(request.params).toEqual({ sessionKey: MAIN_SESSION, messageId: 'm-long' })
    connection.respond(request.id, {
      ok: true,
      message: { role: 'assistant', content: [{ type: 'text', text: 'The start of a long answer, and all the rest.' }] },
    })
    await reading
    const reply = store.getState().chats[GW]?.history.find((item) => item.id === 'm-long')
    expect(reply).toMatchObject({ text: 'The start of a long answer, and all the rest.', truncated: false })
  })

  it('says why when the gateway has it no longer, and rejects an answer that does not parse; the cut text stays', async () => {
    const { store } = bed.testStore()
    const connection = await connectOperator(store, bed.gateway, GW, { history: HISTORY })
    const gone = (await store.getState().sessionControls()).readWholeMessage(GW, 'm-long')
    connection.respond((await connection.request('chat.message.get')).id, { ok: false, unavailableReason: 'not_found' })
    await expect(gone).rejects.toThrow('not_found')
    const junk = (await store.getState().sessionControls()).readWholeMessage(GW, 'm-long')
    connection.respond((await connection.request('chat.message.get')).id, { ok: true, message: { role: 7 } })
    await expect(junk).rejects.toThrow('unreadable')
    await until(() => expect(store.getState().chats[GW]?.history.find((item) => item.id === 'm-long')).toMatchObject({ truncated: true }))
  })
})
