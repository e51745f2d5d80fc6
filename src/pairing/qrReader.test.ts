/**
 * Which decoder the scanner uses and when it starts loading: the browser's BarcodeDetector where it
 * reads QR codes (no download), the WebAssembly decoder in a worker otherwise, asked for before the
 * camera has even answered. Each test imports the modules afresh: the choice is made once per page.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

const decoder = vi.hoisted(() => ({ readQrText: vi.fn(), prepareQrDecoder: vi.fn() }))
vi.mock('./qrDecoder', () => decoder)

type Scanner = typeof import('./scanner')

async function freshScanner(): Promise<Scanner> {
  vi.resetModules()
  return import('./scanner')
}

function fakeVideo() {
  return { srcObject: null, muted: false, readyState: 4, videoWidth: 640, videoHeight: 480, play: vi.fn(async () => undefined), setAttribute: vi.fn() }
}

function stubCamera(getUserMedia: () => Promise<unknown>) {
  vi.stubGlobal('navigator', { mediaDevices: { getUserMedia } })
  const context = {
    drawImage: vi.fn(),
    getImageData: (_x: number, _y: number, width: number, height: number) => ({ data: new Uint8ClampedArray(16), width, height }),
  }
  vi.stubGlobal('document', { createElement: () => ({ width: 0, height: 0, getContext: () => context }) })
}

const stream = { getTracks: () => [{ stop: vi.fn() }], getVideoTracks: () => [] }

/** A BarcodeDetector that lists `formats` and sees `seen` in every frame. */
function stubBarcodeDetector(formats: string[] | Error, seen = 'native-code') {
  const detect = vi.fn(async () => [{ rawValue: seen }])
  const constructed: unknown[] = []
  class FakeDetector {
    static getSupportedFormats = async () => {
      if (formats instanceof Error) throw formats
      return formats
    }
    constructor(options: unknown) {
      constructed.push(options)
    }
    detect = detect
  }
  vi.stubGlobal('BarcodeDetector', FakeDetector)
  return { detect, constructed }
}

/** A Worker that answers every frame with `answer`, recording what it was sent. */
function stubWorker(answer: { text?: string; failed?: true } = { text: 'worker-code' }) {
  const workers: Array<{ url: string; messages: unknown[]; transfers: unknown[] }> = []
  class FakeWorker {
    private listeners: Record<string, Array<(event: unknown) => void>> = {}
    record: { url: string; messages: unknown[]; transfers: unknown[] }
    constructor(url: URL | string) {
      this.record = { url: String(url), messages: [], transfers: [] }
      workers.push(this.record)
    }
    addEventListener(type: string, listener: (event: unknown) => void) {
      ;(this.listeners[type] ??= []).push(listener)
    }
    postMessage(message: { kind: string; id?: number }, transfer?: unknown[]) {
      this.record.messages.push(message)
      if (transfer) this.record.transfers.push(...transfer)
      if (message.kind !== 'read') return
      queueMicrotask(() => {
        for (const listener of this.listeners.message ?? []) listener({ data: { id: message.id, ...answer } })
      })
    }
  }
  vi.stubGlobal('Worker', FakeWorker)
  return workers
}

beforeEach(() => {
  decoder.readQrText.mockReset()
  decoder.readQrText.mockResolvedValue('wasm-code')
  decoder.prepareQrDecoder.mockReset()
})
afterEach(() => {
  vi.unstubAllGlobals()
})

describe('the browser’s BarcodeDetector', () => {
  it('reads the camera when it lists qr_code, and nothing is downloaded or decoded by the WebAssembly decoder', async () => {
    const { detect, constructed } = stubBarcodeDetector(['ean_13', 'qr_code'])
    const workers = stubWorker()
    stubCamera(async () => stream)
    const { startScan } = await freshScanner()
    const video = fakeVideo()
    const onText = vi.fn()
    const session = await startScan(video as unknown as HTMLVideoElement, onText)
    await vi.waitFor(() => expect(onText).toHaveBeenCalledWith('native-code'))
    session.stop()
    expect(constructed).toEqual([{ formats: ['qr_code'] }])
    expect(detect).toHaveBeenCalledWith(video)
    expect(workers).toEqual([])
    expect(decoder.readQrText).not.toHaveBeenCalled()
  })

  it.each([
    ['lists no qr_code', ['aztec', 'ean_13']],
    ['lists nothing (no platform decoder)', []],
    ['fails to list its formats', new Error('not supported')],
  ])('is passed over for the WebAssembly decoder when it %s', async (_name, formats) => {
    const { detect } = stubBarcodeDetector(formats)
    const workers = stubWorker()
    stubCamera(async () => stream)
    const { startScan } = await freshScanner()
    const onText = vi.fn()
    const session = await startScan(fakeVideo() as unknown as HTMLVideoElement, onText)
    await vi.waitFor(() => expect(onText).toHaveBeenCalledWith('worker-code'))
    session.stop()
    expect(detect).not.toHaveBeenCalled()
    expect(workers).toHaveLength(1)
  })
})

describe('the WebAssembly decoder', () => {
  it('starts loading in its worker while the camera permission prompt is still open', async () => {
    const workers = stubWorker()
    let allow: (value: unknown) => void = () => {}
    stubCamera(() => new Promise((resolve) => (allow = resolve)))
    const { startScan } = await freshScanner()
    const starting = startScan(fakeVideo() as unknown as HTMLVideoElement, vi.fn())
    await vi.waitFor(() => expect(workers[0]?.messages).toEqual([{ kind: 'warm' }]))
    expect(workers[0]?.url).toMatch(/qrWorker/)
    allow(stream)
    ;(await starting).stop()
  })

  it('gets each frame’s pixels moved to the worker, not copied', async () => {
    const workers = stubWorker()
    stubCamera(async () => stream)
    const { startScan } = await freshScanner()
    const onText = vi.fn()
    const session = await startScan(fakeVideo() as unknown as HTMLVideoElement, onText)
    await vi.waitFor(() => expect(onText).toHaveBeenCalledWith('worker-code'))
    session.stop()
    const read = workers[0]?.messages.find((message) => (message as { kind: string }).kind === 'read') as { pixels: { data: Uint8ClampedArray } }
    expect(workers[0]?.transfers).toContain(read.pixels.data.buffer)
  })

  it('says decoder_unavailable once when the worker cannot decode', async () => {
    stubWorker({ failed: true })
    stubCamera(async () => stream)
    const { startScan } = await freshScanner()
    const onError = vi.fn()
    const session = await startScan(fakeVideo() as unknown as HTMLVideoElement, vi.fn(), onError)
    await vi.waitFor(() => expect(onError).toHaveBeenCalledTimes(1))
    session.stop()
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ code: 'decoder_unavailable' })
  })

  it('is not started by warmQrDecoder where BarcodeDetector reads QR codes', async () => {
    stubBarcodeDetector(['qr_code'])
    const workers = stubWorker()
    const { warmQrDecoder } = await freshScanner()
    await warmQrDecoder()
    expect(workers).toEqual([])
  })
})
