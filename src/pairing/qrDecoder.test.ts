import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import fc from 'fast-check'
import QRCode from 'qrcode'
import { describe, expect, it, vi } from 'vitest'
import { encodeSetupCode } from './setupCode'

// In the browser Emscripten fetches the .wasm the build serves; Node's fetch cannot read files, so
// the test hands the same real module over as bytes.
vi.mock('zxing-wasm/reader', async (importOriginal) => {
  const real = await importOriginal<typeof import('zxing-wasm/reader')>()
  const wasmBinary = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'))
  return {
    ...real,
    prepareZXingModule: (options: { overrides?: object }) =>
      real.prepareZXingModule({ ...options, overrides: { ...options.overrides, wasmBinary: wasmBinary.buffer } }),
  }
})

const { readQrText } = await import('./qrDecoder')

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const token = fc.string({ unit: fc.constantFrom(...BASE64URL), minLength: 43, maxLength: 43 })
const setupCode = fc
  .record({ port: fc.integer({ min: 1024, max: 65535 }), bootstrapToken: token, expiresAtMs: fc.integer({ min: 1.7e12, max: 1.9e12 }) })
  .map(({ port, ...rest }) => encodeSetupCode({ url: `ws://127.0.0.1:${port}`, ...rest }))

/** The QR of `text` as RGBA pixels: `scale` pixels per module, placed at (left, top) on a white canvas. */
function render(text: string, { scale, left, top, width, height }: { scale: number; left: number; top: number; width: number; height: number }) {
  const modules = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules
  const data = new Uint8ClampedArray(width * height * 4).fill(255)
  for (let row = 0; row < modules.size * scale; row++) {
    for (let col = 0; col < modules.size * scale; col++) {
      if (!modules.get(Math.floor(row / scale), Math.floor(col / scale))) continue
      const at = ((top + row) * width + left + col) * 4
      data.fill(0, at, at + 3)
    }
  }
  return { data, width, height, size: modules.size }
}

describe('readQrText', () => {
  // @zxing/library, the decoder this replaced, missed 47 of 300 such codes (the replacing commit has the figures).
  it('reads every pairing QR, at any module size and position a camera frame or screenshot gives', async () => {
    await fc.assert(
      fc.asyncProperty(setupCode, fc.integer({ min: 3, max: 8 }), fc.nat(60), fc.nat(60), async (code, scale, dx, dy) => {
        const size = QRCode.create(code, { errorCorrectionLevel: 'M' }).modules.size
        const side = (size + 8) * scale
        const image = render(code, { scale, left: 4 * scale + dx, top: 4 * scale + dy, width: side + 60, height: side + 60 })
        expect(await readQrText(image)).toBe(code)
      }),
      { numRuns: 150 },
    )
  })

  it('returns the text exactly as encoded, control characters and all, for the parser to judge', async () => {
    const text = '\u001b[31mred\u0007 then \u00e9t\u00e9 \u{1f980}'
    const size = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules.size
    const side = (size + 8) * 6
    expect(await readQrText(render(text, { scale: 6, left: 24, top: 24, width: side, height: side }))).toBe(text)
  })

  it('finds nothing in an image without a QR code', async () => {
    const blank = { data: new Uint8ClampedArray(320 * 240 * 4).fill(255), width: 320, height: 240 }
    expect(await readQrText(blank)).toBeUndefined()
  })
})
