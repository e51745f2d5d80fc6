import { describe, expect, it } from 'vitest'
import { EventOrder } from './eventOrder'
import type { EventFrame } from './protocol'

const event = (seq: number | undefined, name = 'chat', payload: unknown = {}): EventFrame => ({
  type: 'event',
  event: name,
  payload,
  ...(seq === undefined ? {} : { seq }),
})

describe('EventOrder', () => {
  it('names the events lost when a seq skips ahead, and only then', () => {
    const order = new EventOrder()
    expect(order.see(event(1))).toBeNull()
    expect(order.see(event(2))).toBeNull()
    expect(order.see(event(6))).toBe('events 3..5 were lost')
    expect(order.see(event(7))).toBeNull()
    expect(order.see(event(undefined))).toBeNull()
  })

  it('keeps a high-water mark: a seq that goes backwards makes no later gap', () => {
    const order = new EventOrder()
    order.see(event(1000))
    expect(order.see(event(0))).toBeNull()
    expect(order.see(event(1001))).toBeNull()
  })

  it('remembers the restart a shutdown event announced, ignores a malformed one, and forgets both on reset', () => {
    const order = new EventOrder()
    order.see(event(undefined, 'shutdown', { restartExpectedMs: 'soon' }))
    expect(order.restartExpectedMs).toBeUndefined()
    order.see(event(1, 'shutdown', { reason: 'update', restartExpectedMs: 4000 }))
    expect(order.restartExpectedMs).toBe(4000)
    order.reset()
    expect(order.restartExpectedMs).toBeUndefined()
    expect(order.see(event(9))).toBeNull()
  })
})
