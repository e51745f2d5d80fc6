import { afterEach, describe, expect, it, vi } from 'vitest'
import { copyToClipboard } from './copyToClipboard'

afterEach(() => vi.unstubAllGlobals())

describe('copyToClipboard', () => {
  it('writes the exact text and resolves true', async () => {
    const writeText = vi.fn(async () => undefined)
    vi.stubGlobal('navigator', { clipboard: { writeText } })
    await expect(copyToClipboard('openclaw devices approve req-1')).resolves.toBe(true)
    expect(writeText).toHaveBeenCalledWith('openclaw devices approve req-1')
  })

  it('resolves false when the browser refuses', async () => {
    vi.stubGlobal('navigator', { clipboard: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) } })
    await expect(copyToClipboard('x')).resolves.toBe(false)
  })

  it('resolves false when writeText throws before it returns a promise', async () => {
    vi.stubGlobal('navigator', {
      clipboard: {
        writeText: () => {
          throw new TypeError('Illegal invocation')
        },
      },
    })
    await expect(copyToClipboard('x')).resolves.toBe(false)
  })

  it('resolves false outside a secure context, where there is no clipboard', async () => {
    vi.stubGlobal('navigator', {})
    await expect(copyToClipboard('x')).resolves.toBe(false)
  })
})
