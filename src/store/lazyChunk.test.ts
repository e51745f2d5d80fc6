// @vitest-environment node
import { describe, expect, it, vi } from 'vitest'
import { lazyChunk } from './lazyChunk'

describe('lazyChunk', () => {
  it('loads once for every caller and keeps the result for synchronous use', async () => {
    const importAndCreate = vi.fn(async () => ({ name: 'part' }))
    const chunk = lazyChunk(importAndCreate)
    expect(chunk.loaded()).toBeUndefined()
    const [a, b] = await Promise.all([chunk.load(), chunk.load()])
    expect(a).toBe(b)
    expect(chunk.loaded()).toBe(a)
    expect(importAndCreate).toHaveBeenCalledTimes(1)
  })

  it('forgets a failed load, so the next call tries again', async () => {
    const importAndCreate = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValueOnce('part')
    const chunk = lazyChunk<string>(importAndCreate)
    await expect(chunk.load()).rejects.toThrow('offline')
    expect(chunk.loaded()).toBeUndefined()
    await expect(chunk.load()).resolves.toBe('part')
    expect(importAndCreate).toHaveBeenCalledTimes(2)
  })
})
