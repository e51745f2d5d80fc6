import { describe, expect, it, vi } from 'vitest'
import { AttachmentRefused, renamedFor, type Shrink, toAttachment, toBase64 } from './attachments'
import { nextScale } from './imageDownscale'

const MB = 1024 * 1024
const LIMITS = { maxImageBytes: 6 * MB, maxBytes: 20 * MB }
const file = (bytes: number, name: string, type: string) => new File([new Uint8Array(bytes).fill(65)], name, { type })
const noShrink: Shrink = async () => null
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof AttachmentRefused ? [error.reason, error.fileName, error.bytes, error.limitBytes] : error),
  )

describe('toAttachment: the gateway limits before anything is queued', () => {
  it('takes a file that is not an image, with its name, type, size and base64 content', async () => {
    const attachment = await toAttachment(new File(['%PDF-1'], 'plan.pdf', { type: 'application/pdf' }), 'file', LIMITS, 0, noShrink, 'photo')
    expect(attachment).toEqual({ mimeType: 'application/pdf', fileName: 'plan.pdf', origin: 'file', content: btoa('%PDF-1'), sizeBytes: 6 })
  })

  it('names a file without a type application/octet-stream, and one without a name by the fallback', async () => {
    const attachment = await toAttachment(new File(['x'], '', { type: '' }), 'paste', LIMITS, 0, noShrink, 'The pasted image')
    expect(attachment).toMatchObject({ mimeType: 'application/octet-stream', fileName: 'The pasted image' })
  })

  it('refuses an empty file (the gateway refuses an empty payload)', async () => {
    expect(await refusal(toAttachment(file(0, 'empty.txt', 'text/plain'), 'file', LIMITS, 0, noShrink, 'photo'))).toEqual(['empty', 'empty.txt', 0, 20 * MB])
  })

  it('refuses a file over the per-file limit, and one that would take the message over it', async () => {
    expect(await refusal(toAttachment(file(20 * MB + 1, 'big.zip', 'application/zip'), 'file', LIMITS, 0, noShrink, 'photo'))).toEqual([
      'file-too-big',
      'big.zip',
      20 * MB + 1,
      20 * MB,
    ])
    expect(await refusal(toAttachment(file(2 * MB, 'two.zip', 'application/zip'), 'file', LIMITS, 19 * MB, noShrink, 'photo'))).toEqual([
      'total-too-big',
      'two.zip',
      21 * MB,
      20 * MB,
    ])
  })

  it('takes a file of exactly the limit', async () => {
    const small = { maxImageBytes: 1000, maxBytes: 2000 }
    expect((await toAttachment(file(2000, 'edge.bin', 'application/octet-stream'), 'file', small, 0, noShrink, 'photo')).sizeBytes).toBe(2000)
    expect((await toAttachment(file(1000, 'edge.png', 'image/png'), 'file', small, 0, noShrink, 'photo')).sizeBytes).toBe(1000)
  })

  it('makes an image over the image limit smaller instead of refusing it, and names it for its new type', async () => {
    const shrink = vi.fn<Shrink>(async () => new Blob([new Uint8Array(1000)], { type: 'image/jpeg' }))
    const attachment = await toAttachment(file(7 * MB, 'wide.png', 'image/png'), 'file', LIMITS, 0, shrink, 'photo')
    expect(shrink).toHaveBeenCalledWith(expect.any(Blob), 6 * MB)
    expect(attachment).toMatchObject({ mimeType: 'image/jpeg', fileName: 'wide.jpg', sizeBytes: 1000 })
  })

  it('shrinks an image to what is left of the message when that is less than the image limit', async () => {
    const shrink = vi.fn<Shrink>(async () => new Blob([new Uint8Array(10)], { type: 'image/jpeg' }))
    await toAttachment(file(3 * MB, 'a.jpg', 'image/jpeg'), 'file', LIMITS, 18 * MB, shrink, 'photo')
    expect(shrink).toHaveBeenCalledWith(expect.any(Blob), 2 * MB)
  })

  it('leaves an image within the limits as it is', async () => {
    const shrink = vi.fn<Shrink>()
    const attachment = await toAttachment(file(1000, 'fits.png', 'image/png'), 'paste', { maxImageBytes: 1000, maxBytes: 5000 }, 4000, shrink, 'photo')
    expect(shrink).not.toHaveBeenCalled()
    expect(attachment).toMatchObject({ mimeType: 'image/png', fileName: 'fits.png', sizeBytes: 1000 })
  })

  it('refuses an image it cannot make smaller, naming the limit that applies', async () => {
    expect(await refusal(toAttachment(file(7 * MB, 'huge.png', 'image/png'), 'file', LIMITS, 0, noShrink, 'photo'))).toEqual([
      'image-too-big',
      'huge.png',
      7 * MB,
      6 * MB,
    ])
    expect(await refusal(toAttachment(file(3 * MB, 'late.png', 'image/png'), 'file', LIMITS, 18 * MB, noShrink, 'photo'))).toEqual([
      'total-too-big',
      'late.png',
      21 * MB,
      20 * MB,
    ])
  })

  it('refuses an image when the message is already full', async () => {
    const shrink = vi.fn<Shrink>()
    expect(await refusal(toAttachment(file(10, 'tiny.png', 'image/png'), 'file', LIMITS, 20 * MB, shrink, 'photo'))).toEqual([
      'total-too-big',
      'tiny.png',
      20 * MB + 10,
      20 * MB,
    ])
    expect(shrink).not.toHaveBeenCalled()
  })
})

describe('helpers', () => {
  it('encodes large files to the same base64 as Buffer does', async () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 7) % 256)
    expect(await toBase64(new Blob([bytes]))).toBe(Buffer.from(bytes).toString('base64'))
  })

  it('renames for the new type only when it knows the extension', () => {
    expect(renamedFor('IMG_1.HEIC', 'image/jpeg')).toBe('IMG_1.jpg')
    expect(renamedFor('noext', 'image/jpeg')).toBe('noext.jpg')
    expect(renamedFor('.hidden', 'image/jpeg')).toBe('.hidden.jpg')
    expect(renamedFor('a.gif', 'image/gif')).toBe('a.gif')
  })

  it('scales down further each try, more when the bytes were further over', () => {
    expect(nextScale(1, 2 * MB, MB)).toBeLessThan(0.9 * 1.0001)
    expect(nextScale(1, 8 * MB, MB)).toBeLessThan(nextScale(1, 2 * MB, MB))
    expect(nextScale(0.5, MB + 1, MB)).toBeLessThanOrEqual(0.45)
  })
})
