// @vitest-environment node
// The node slice's implementation is a chunk loaded when a node link attaches. Here that chunk is
// held back until the test lets it through, to show what the slice does with a link meanwhile.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { baseApis } from '../gateway/node/testing/fakeBrowser'
import { fakeNodeClient, invocation } from './testing/fakeNodeClient'
import { clearAllDatabases, createTestStore, until } from './testing/storeTestkit'

const chunk = vi.hoisted(() => {
  let release: () => void = () => undefined
  const arrived = new Promise<void>((resolve) => (release = resolve))
  return { arrived, release: () => release() }
})

vi.mock('./nodeSliceImpl', async (importOriginal) => {
  await chunk.arrived
  return importOriginal()
})

beforeEach(clearAllDatabases)

describe('node links while the implementation chunk loads', () => {
  it('answers the invocations of a kept link in order, and leaves a link detached meanwhile with no subscription and no answer', async () => {
    const { store } = createTestStore({ nodeApis: baseApis() })
    const kept = fakeNodeClient()
    const dropped = fakeNodeClient()
    store.features.node!.attach('kept', kept.asGatewayClient(), 'node')
    store.features.node!.attach('dropped', dropped.asGatewayClient(), 'node')
    kept.emit(invocation('early-1'))
    dropped.emit(invocation('never'))
    kept.emit(invocation('early-2'))

    store.features.node!.detach('dropped', 'node')
    expect(dropped.listenerCount()).toBe(0)

    chunk.release()
    await until(() =>
      expect(kept.requests.map(({ method, params }) => `${method}:${(params as { id: string }).id}`)).toEqual([
        'node.invoke.result:early-1',
        'node.invoke.result:early-2',
      ]),
    )
    expect(dropped.listenerCount()).toBe(0)
    expect(dropped.requests).toEqual([])
  })
})
