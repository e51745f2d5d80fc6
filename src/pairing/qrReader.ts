/**
 * Which QR decoder this browser uses, loaded as early as the UI asks. The browser's own
 * BarcodeDetector where it reads QR codes (Chrome on Android, macOS, ChromeOS): nothing to download.
 * Elsewhere the zxing-wasm decoder (qrDecoder.ts, about 400 KB gzip), in a worker (qrWorker.ts) so
 * that decoding never blocks the page; `warmQrDecoder()` starts fetching and compiling it before the
 * first frame needs it (while the camera starts, or when idle on the welcome screen).
 */
import type { Pixels } from './qrDecoder'

/** What BarcodeDetector offers (not in TypeScript's DOM types yet). */
export type QrDetector = { detect(source: ImageBitmapSource): Promise<Array<{ rawValue: string }>> }
type DetectorClass = { new (options: { formats: string[] }): QrDetector; getSupportedFormats(): Promise<string[]> }

let native: Promise<QrDetector | undefined> | undefined

/** The browser's QR detector, or undefined where there is none or it cannot read QR codes. */
export function nativeQrDetector(): Promise<QrDetector | undefined> {
  native ??= (async () => {
    const Detector = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector
    if (typeof Detector?.getSupportedFormats !== 'function') return undefined
    try {
      // A BarcodeDetector may exist without a platform decoder behind it (it then lists no formats).
      return (await Detector.getSupportedFormats()).includes('qr_code') ? new Detector({ formats: ['qr_code'] }) : undefined
    } catch {
      return undefined
    }
  })()
  return native
}

type WasmDecoder = { read(pixels: Pixels): Promise<string | undefined> }
type Reply = { id: number; text?: string; failed?: true }

let wasm: WasmDecoder | undefined

function workerDecoder(): WasmDecoder {
  const worker = new Worker(new URL('./qrWorker.ts', import.meta.url), { type: 'module', name: 'qr-decoder' })
  const pending = new Map<number, { resolve(text: string | undefined): void; reject(error: Error): void }>()
  let broken = false
  let nextId = 0
  const failAll = () => {
    broken = true
    for (const entry of pending.values()) entry.reject(new Error('QR decoder worker failed'))
    pending.clear()
  }
  worker.addEventListener('error', failAll)
  worker.addEventListener('message', (event: MessageEvent<Reply>) => {
    const entry = pending.get(event.data.id)
    if (!entry) return
    pending.delete(event.data.id)
    if (event.data.failed) entry.reject(new Error('QR decoder failed'))
    else entry.resolve(event.data.text)
  })
  worker.postMessage({ kind: 'warm' })
  return {
    read(pixels) {
      if (broken) return Promise.reject(new Error('QR decoder worker failed'))
      const id = ++nextId
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject })
        // The frame's pixels move to the worker instead of being copied: the scanner draws a new one each look.
        worker.postMessage({ kind: 'read', id, pixels: { data: pixels.data, width: pixels.width, height: pixels.height } }, [pixels.data.buffer])
      })
    },
  }
}

function wasmDecoder(): WasmDecoder {
  if (wasm) return wasm
  // Without workers (unit tests under Node) the decoder runs in place.
  wasm = typeof Worker === 'function' ? workerDecoder() : { read: async (pixels) => (await import('./qrDecoder')).readQrText(pixels) }
  return wasm
}

/** Starts loading the decoder this browser needs (none where BarcodeDetector reads QR codes). Never rejects. */
export async function warmQrDecoder(): Promise<void> {
  if (await nativeQrDetector()) return
  try {
    wasmDecoder()
  } catch {
    // A worker that cannot start fails again at the first frame, which says decoder_unavailable.
  }
}

/** The QR text in `pixels`, decoded by the WebAssembly decoder; rejects when it cannot load. */
export function readQrPixels(pixels: Pixels): Promise<string | undefined> {
  return wasmDecoder().read(pixels)
}
