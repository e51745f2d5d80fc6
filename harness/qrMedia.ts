/**
 * Turns a setup code into what a camera or a photo would show: a Y4M video for Chromium's fake
 * camera (`--use-file-for-fake-video-capture`) and a PNG for the upload path.
 */
import { writeFile } from 'node:fs/promises'
import QRCode from 'qrcode'

const WIDTH = 640
const HEIGHT = 480
const FRAMES = 5

/** A looping Y4M clip of the QR code, dark modules on white, centred with a quiet zone. */
export async function writeQrVideo(text: string, file: string): Promise<void> {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const size = qr.modules.size
  const scale = Math.floor(Math.min(WIDTH, HEIGHT) / (size + 8))
  const left = Math.floor((WIDTH - size * scale) / 2)
  const top = Math.floor((HEIGHT - size * scale) / 2)
  const luma = Buffer.alloc(WIDTH * HEIGHT, 235)
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (!qr.modules.get(row, col)) continue
      for (let y = 0; y < scale; y++)
        luma.fill(16, (top + row * scale + y) * WIDTH + left + col * scale, (top + row * scale + y) * WIDTH + left + (col + 1) * scale)
    }
  }
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128)
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`)
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma])
  await writeFile(file, Buffer.concat([header, ...Array<Buffer>(FRAMES).fill(frame)]))
}

export async function writeQrPng(text: string, file: string): Promise<void> {
  await QRCode.toFile(file, text, { errorCorrectionLevel: 'M', margin: 4, scale: 8 })
}
