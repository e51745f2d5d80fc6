// @vitest-environment node
import { describe, expect, it } from 'vitest'
import type { EventFrame } from '../gateway'
import { holdNodeLink } from './nodeLinkHold'
import { CONNECTED, fakeNodeClient, invocation, RECONNECTING } from './testing/fakeNodeClient'

const event = (name: string): EventFrame => ({ type: 'event', event: name, payload: {} })
/** `node.invoke.request:a` for an invocation, the bare event name otherwise. */
function describeEvent(frame: EventFrame): string {
  const id = (frame.payload as { id?: string } | undefined)?.id
  return id ? `${frame.event}:${id}` : frame.event
}

/** Each call of `load` is a promise the test settles by hand; `'loaded'` stands for the implementation. */
function manualLoads() {
  const calls: Array<{ promise: Promise<'loaded'>; resolve(): void; reject(): void }> = []
  const load = () => {
    let resolve: (value: 'loaded') => void = () => undefined
    let reject: (error: Error) => void = () => undefined
    const promise = new Promise<'loaded'>((res, rej) => ((resolve = res), (reject = rej)))
    calls.push({ promise, resolve: () => resolve('loaded'), reject: () => reject(new Error('chunk failed')) })
    return promise
  }
  return { load, calls }
}

/** Stands for the implementation: keeps what it was handed, then listens to the client itself. */
function recordingHandOver(client: ReturnType<typeof fakeNodeClient>) {
  const handed: string[] = []
  let calls = 0
  let isReleased = false
  const handOver = (_loaded: 'loaded', early: EventFrame[]) => {
    calls++
    handed.push(...early.map(describeEvent))
    const off = client.onEvent((frame) => handed.push(describeEvent(frame)))
    return () => ((isReleased = true), off())
  }
  return { handOver, handed, calls: () => calls, isReleased: () => isReleased }
}

const noop = () => undefined
/** Waits until a load has settled; the hold reacted first (its reaction was registered first). */
const afterLoad = (call: { promise: Promise<unknown> }) => call.promise.then(noop, noop)

describe('holdNodeLink', () => {
  it('hands over, in order, the node events that came while the implementation loaded; later ones reach the implementation directly', async () => {
    const client = fakeNodeClient()
    const { load, calls } = manualLoads()
    const implementation = recordingHandOver(client)
    holdNodeLink(client, load, implementation.handOver)

    client.emit(invocation('a'))
    client.emit(event('tick')) // not for the node: not kept
    client.emit(event('node.invoke.cancel'))
    client.emit(event('node.pair.resolved'))
    client.emit(invocation('b'))
    expect(implementation.calls()).toBe(0)

    calls[0]!.resolve()
    await afterLoad(calls[0]!)
    client.emit(invocation('c'))

    expect(implementation.handed).toEqual([
      'node.invoke.request:a',
      'node.invoke.cancel',
      'node.pair.resolved',
      'node.invoke.request:b',
      'node.invoke.request:c',
    ])
    expect(client.listenerCount()).toBe(1) // the implementation's own; the hold let go
  })

  it('a detach during the load leaves nothing subscribed, and nothing is handed over when the load ends', async () => {
    const client = fakeNodeClient()
    const { load, calls } = manualLoads()
    const implementation = recordingHandOver(client)
    const detach = holdNodeLink(client, load, implementation.handOver)
    client.emit(invocation('a'))

    detach()
    expect(client.listenerCount()).toBe(0)
    calls[0]!.resolve()
    await afterLoad(calls[0]!)

    expect(implementation.calls()).toBe(0)
    expect(client.listenerCount()).toBe(0)
  })

  it('a detach after the handover releases the implementation’s link', async () => {
    const client = fakeNodeClient()
    const { load, calls } = manualLoads()
    const implementation = recordingHandOver(client)
    const detach = holdNodeLink(client, load, implementation.handOver)
    calls[0]!.resolve()
    await afterLoad(calls[0]!)

    detach()
    expect(implementation.isReleased()).toBe(true)
    expect(client.listenerCount()).toBe(0)
  })

  it('a failed load is tried again on the next connect, and the events kept meanwhile are still handed over', async () => {
    const client = fakeNodeClient()
    const { load, calls } = manualLoads()
    const implementation = recordingHandOver(client)
    holdNodeLink(client, load, implementation.handOver)
    client.emit(invocation('a'))
    calls[0]!.reject()
    await afterLoad(calls[0]!)
    expect(implementation.calls()).toBe(0)

    client.emit(event('node.pair.resolved'))
    client.setStatus(CONNECTED)
    expect(calls).toHaveLength(2)
    calls[1]!.resolve()
    await afterLoad(calls[1]!)

    expect(implementation.handed).toEqual(['node.invoke.request:a', 'node.pair.resolved'])
  })

  it('forgets the invocations of a link that dropped (the gateway no longer waits for them), not the other node events', async () => {
    const client = fakeNodeClient()
    const { load, calls } = manualLoads()
    const implementation = recordingHandOver(client)
    holdNodeLink(client, load, implementation.handOver)
    client.emit(invocation('before-drop'))
    client.emit(event('node.pair.resolved'))

    client.setStatus(RECONNECTING)
    client.emit(invocation('after-reconnect'))
    calls[0]!.resolve()
    await afterLoad(calls[0]!)

    expect(implementation.handed).toEqual(['node.pair.resolved', 'node.invoke.request:after-reconnect'])
  })
})
