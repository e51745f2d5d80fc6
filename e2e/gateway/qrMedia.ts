/**
 * Turns a setup code into what a camera or a photo would show: a Y4M video for Chromium's fake
 * camera (`--use-file-for-fake-video-capture`) and a PNG for the upload path.
 *
 * NOTE: the app's decoder (zxing-js) misses about one in ten perfectly sharp, static renderings of a
 * random code, depending on the code's modules and the mask pattern (tried offline: at 6–7 px a
 * module 10–30 % per mask, much less across several masks). A real camera never holds one frame
 * still; a test's fake camera does, forever. So every rendering written here is one the same
 * decoder reads, checked before it is written, and the video cycles through a few different ones
 * (other masks, sizes and positions) the way a hand-held phone sees a code.
 */
import { writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import QRCode, { type QRCodeMaskPattern } from 'qrcode'

// NOTE: Node's ESM loader sees no named exports in @zxing/library's CommonJS build.
const { BinaryBitmap, HybridBinarizer, QRCodeReader, RGBLuminanceSource } = createRequire(import.meta.url)('@zxing/library') as typeof import('@zxing/library')

const WIDTH = 640
const HEIGHT = 480
/** Renderings the video cycles through, each held for FRAMES_EACH frames at 10 fps. */
const VIDEO_RENDERINGS = 3
const FRAMES_EACH = 3
const MASKS: QRCodeMaskPattern[] = [0, 1, 2, 3, 4, 5, 6, 7]
const PNG_SCALE = 8
const PNG_MARGIN = 4
const DARK = 16
const LIGHT = 235

type Rendering = { mask: QRCodeMaskPattern; scale: number; dx: number; dy: number }

/** The code's modules drawn as luma (dark on light), `scale` px each, centred and then moved by dx/dy. */
function drawLuma(text: string, { mask, scale, dx, dy }: Rendering, width: number, height: number): Buffer {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M', maskPattern: mask })
  const size = qr.modules.size
  const left = Math.floor((width - size * scale) / 2) + dx
  const top = Math.floor((height - size * scale) / 2) + dy
  const luma = Buffer.alloc(width * height, LIGHT)
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (!qr.modules.get(row, col)) continue
      for (let y = 0; y < scale; y++) luma.fill(DARK, (top + row * scale + y) * width + left + col * scale, (top + row * scale + y) * width + left + (col + 1) * scale)
    }
  }
  return luma
}

/** Whether the app's decoder reads `text` back from this luma image. */
function decodesTo(text: string, luma: Buffer, width: number, height: number): boolean {
  try {
    const source = new RGBLuminanceSource(new Uint8ClampedArray(luma), width, height)
    return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText() === text
  } catch {
    return false
  }
}

function moduleCount(text: string): number {
  return QRCode.create(text, { errorCorrectionLevel: 'M' }).modules.size
}

/** Up to `count` renderings of `text` that the decoder reads, in different masks, sizes and positions. */
function readableRenderings(text: string, count: number): Rendering[] {
  const largest = Math.floor(Math.min(WIDTH, HEIGHT) / (moduleCount(text) + 8))
  const found: Rendering[] = []
  for (const mask of MASKS) {
    const scale = Math.max(2, largest - (found.length % 3))
    const shift = found.length * 8
    const rendering = { mask, scale, dx: found.length % 2 ? shift : -shift, dy: shift }
    if (decodesTo(text, drawLuma(text, rendering, WIDTH, HEIGHT), WIDTH, HEIGHT)) found.push(rendering)
    if (found.length === count) break
  }
  if (found.length === 0) throw new Error(`no rendering of this setup code decodes: ${text}`)
  return found
}

/** A looping Y4M clip of the QR code, dark modules on white, cycling through a few readable renderings. */
export async function writeQrVideo(text: string, file: string): Promise<void> {
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128)
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`)
  const frames = readableRenderings(text, VIDEO_RENDERINGS).flatMap((rendering) => {
    const frame = Buffer.concat([Buffer.from('FRAME\n'), drawLuma(text, rendering, WIDTH, HEIGHT), chroma])
    return Array<Buffer>(FRAMES_EACH).fill(frame)
  })
  await writeFile(file, Buffer.concat([header, ...frames]))
}

/** A PNG of the QR code with the first mask pattern whose rendering the decoder reads. */
export async function writeQrPng(text: string, file: string): Promise<void> {
  const side = (moduleCount(text) + 2 * PNG_MARGIN) * PNG_SCALE
  const mask = MASKS.find((candidate) => decodesTo(text, drawLuma(text, { mask: candidate, scale: PNG_SCALE, dx: 0, dy: 0 }, side, side), side, side))
  if (mask === undefined) throw new Error(`no rendering of this setup code decodes: ${text}`)
  await QRCode.toFile(file, text, { errorCorrectionLevel: 'M', margin: PNG_MARGIN, scale: PNG_SCALE, maskPattern: mask })
}
