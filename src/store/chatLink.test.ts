// @vitest-environment node
// One owner of chat on the wire: each `chat` event is parsed once however many parts of the app
// listen, every `chat.history` request goes through the link, and the main session's alias maps to
// its canonical key in one place.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { ChatEvent } from '../gateway'
import { startClient } from '../gateway/testing/fakeGateway'
import { createChatLink } from './chatLink'
import { connectOperator, MAIN_SESSION, until, useStoreTestbed } from './testing/storeTestkit'

const bed = useStoreTestbed()

const finalEvent = (runId: string, text: string) => ({
  runId,
  sessionKey: MAIN_SESSION,
  seq: 1,
  state: 'final',
  message: { role: 'assistant', content: [{ type: 'text', text }] },
})

function productionSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) return name === 'testing' ? [] : productionSources(full)
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : []
  })
}

describe('chat link', () => {
  it('parses each chat event once, though the transcript and the outbox both listen', async () => {
    const { store } = bed.testStore()
    const connection = await connectOperator(store, bed.gateway, 'gw')
    const parse = vi.spyOn(ChatEvent, 'safeParse')
    try {
      connection.event('chat', finalEvent('run-1', 'hello'))
      connection.event('tick', { ts: 1 })
      await until(() => expect(store.getState().chats.gw?.live.some((item) => item.id === 'run:run-1')).toBe(true))
      expect(parse).toHaveBeenCalledTimes(1)
    } finally {
      parse.mockRestore()
    }
  })

  it('is the one place in the app that asks for chat.history, sends and aborts', () => {
    const src = path.resolve(__dirname, '..')
    const callers = (method: string) =>
      productionSources(src)
        .filter((file) => readFileSync(file, 'utf8').includes(`'${method}'`))
        .map((file) => path.relative(src, file))
    expect(callers('chat.history')).toEqual([path.join('store', 'chatLink.ts')])
    expect(callers('chat.send')).toEqual([path.join('store', 'chatLink.ts')])
    expect(callers('chat.abort')).toEqual([path.join('store', 'chatLink.ts')])
  })

  it('maps the main session’s alias to its canonical key once the gateway named it, and leaves other keys alone', async () => {
    const h = startClient(bed.gateway)
    const link = createChatLink(h.client)
    try {
      expect(link.canonicalKey(null)).toBe('main')
      expect(link.canonicalKey('main')).toBe('main')
      const connection = await bed.gateway.connection(0)
      await connection.handshake({ snapshot: { sessionDefaults: { mainKey: 'home', mainSessionKey: 'agent:main:home' } } })
      await until(() => expect(h.client.status.phase).toBe('connected'))
      expect(link.canonicalKey(null)).toBe('agent:main:home')
      expect(link.canonicalKey('main')).toBe('agent:main:home')
      expect(link.canonicalKey('home')).toBe('agent:main:home')
      expect(link.canonicalKey('agent:main:other')).toBe('agent:main:other')
    } finally {
      link.dispose()
      h.client.stop()
    }
  })

  it('tells its observers when a history request leaves and what came back, and the caller gets the same page', async () => {
    const h = startClient(bed.gateway)
    const link = createChatLink(h.client)
    try {
      const connection = await bed.gateway.connection(0)
      await connection.handshake()
      await until(() => expect(h.client.status.phase).toBe('connected'))
      const seen: string[] = []
      link.observeHistory((sessionKey, query) => {
        seen.push(`asked ${sessionKey} ${query.limit}`)
        return (answer) => seen.push(`answered ${answer?.messages.length ?? 'unreadable'}`)
      })
      const reading = link.history(MAIN_SESSION, { limit: 5 })
      const request = await connection.request('chat.history')
      expect(request.params).toEqual({ sessionKey: MAIN_SESSION, limit: 5 })
      expect(seen).toEqual([`asked ${MAIN_SESSION} 5`])
      connection.respond(request.id, { messages: [{ role: 'user', content: 'hi' }] })
      expect((await reading)?.messages.map((message) => message.text)).toEqual(['hi'])
      expect(seen).toEqual([`asked ${MAIN_SESSION} 5`, 'answered 1'])

      const unreadable = link.history(MAIN_SESSION, { limit: 5, offset: 30 })
      const second = await connection.request('chat.history')
      expect(second.params).toEqual({ sessionKey: MAIN_SESSION, limit: 5, offset: 30 })
      connection.respond(second.id, { messages: 'not a list' })
      expect(await unreadable).toBeNull()
      expect(seen.at(-1)).toBe('answered unreadable')
    } finally {
      link.dispose()
      h.client.stop()
    }
  })
})
