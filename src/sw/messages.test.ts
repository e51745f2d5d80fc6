import { describe, expect, it, vi } from 'vitest'
import { handleClientMessage } from './messages'

const worker = () => ({ skipWaiting: vi.fn(async () => undefined) })

describe('handleClientMessage', () => {
  it("activates the waiting version on the update toast's SKIP_WAITING", () => {
    const target = worker()
    handleClientMessage({ type: 'SKIP_WAITING' }, target)
    expect(target.skipWaiting).toHaveBeenCalledOnce()
  })

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['the bare string', 'SKIP_WAITING'],
    ['another type', { type: 'GET_VERSION' }],
    ['another casing', { type: 'skip_waiting' }],
    ['no type', { skip: true }],
    ['an array', ['SKIP_WAITING']],
  ])('ignores %s', (_, data) => {
    const target = worker()
    handleClientMessage(data, target)
    expect(target.skipWaiting).not.toHaveBeenCalled()
  })
})
