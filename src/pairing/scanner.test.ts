import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { PairingError } from './pairingError'

// The decoder itself is tested against real QR renderings in qrDecoder.test.ts; here it answers
// whatever each test puts in `decoded`, so the camera loop and the file path can be driven frame by frame.
const decoder = vi.hoisted(() => ({ readQrText: vi.fn() }))
vi.mock('./qrDecoder', () => ({ readQrText: decoder.readQrText }))

const { cameraErrorToPairingError, decodeImageFile, startScan } = await import('./scanner')

const FRAME_MS = 150

function fakeTrack(capabilities: Record<string, unknown> = {}) {
  return {
    stop: vi.fn(),
    getCapabilities: vi.fn(() => capabilities),
    applyConstraints: vi.fn(async () => undefined),
  }
}

/** A canvas whose pixels say which frame was drawn, so the decoder mock can tell frames apart. */
function fakeCanvas() {
  const canvas = { width: 0, height: 0, drawn: [] as unknown[], getContext: () => context }
  const context = {
    drawImage: (source: unknown, _x: number, _y: number, width: number, height: number) => canvas.drawn.push({ source, width, height }),
    getImageData: (_x: number, _y: number, width: number, height: number) => ({ data: new Uint8ClampedArray(4), width, height }),
  }
  return canvas
}

function fakeCamera(track = fakeTrack()) {
  const stream = { getTracks: () => [track], getVideoTracks: () => [track] }
  const getUserMedia = vi.fn(async () => stream)
  vi.stubGlobal('navigator', { mediaDevices: { getUserMedia } })
  const canvas = fakeCanvas()
  vi.stubGlobal('document', { createElement: () => canvas })
  const video = {
    srcObject: null as unknown,
    muted: false,
    readyState: 4,
    videoWidth: 640,
    videoHeight: 480,
    play: vi.fn(async () => undefined),
    setAttribute: vi.fn(),
  }
  return { track, stream, getUserMedia, canvas, video, element: video as unknown as HTMLVideoElement }
}

/** Lets the scan loop decode the current frame and schedule the next one. */
async function nextFrame() {
  await vi.advanceTimersByTimeAsync(FRAME_MS)
}

beforeEach(() => {
  decoder.readQrText.mockReset()
  decoder.readQrText.mockResolvedValue(undefined)
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('scanner module', () => {
  it('has no side effects on import: the decoder is not asked for anything', () => {
    expect(decoder.readQrText).not.toHaveBeenCalled()
  })
})

describe('cameraErrorToPairingError', () => {
  it.each([
    ['NotAllowedError', 'camera_denied'],
    ['PermissionDeniedError', 'camera_denied'],
    ['NotFoundError', 'camera_missing'],
    ['OverconstrainedError', 'camera_missing'],
    ['NotReadableError', 'camera_unavailable'],
    ['AbortError', 'camera_unavailable'],
  ])('%s → %s', (name, code) => {
    vi.stubGlobal('navigator', { mediaDevices: { getUserMedia: () => undefined } })
    expect(cameraErrorToPairingError(new DOMException('x', name)).code).toBe(code)
  })

  it('reports an insecure context when navigator.mediaDevices is missing', () => {
    vi.stubGlobal('navigator', {})
    expect(cameraErrorToPairingError(new TypeError('undefined')).code).toBe('camera_insecure')
  })

  it('tells the user how to recover from a denial', () => {
    const error = cameraErrorToPairingError(new DOMException('denied', 'NotAllowedError'))
    expect(error.message).toMatch(/^Camera access was denied/)
    expect(error.fix).toMatch(/site settings.*paste the setup code/)
  })

  it('passes PairingErrors through', () => {
    const original = new PairingError('camera_missing', 'x')
    expect(cameraErrorToPairingError(original)).toBe(original)
  })
})

describe('startScan', () => {
  it('asks for the rear camera, plays it inline and muted, and reports each new text once', async () => {
    const cam = fakeCamera()
    const onText = vi.fn()
    const onError = vi.fn()
    decoder.readQrText.mockResolvedValueOnce('code-1').mockResolvedValueOnce('code-1').mockResolvedValueOnce(undefined).mockResolvedValueOnce('code-2')
    const session = await startScan(cam.element, onText, onError)
    expect(cam.getUserMedia).toHaveBeenCalledWith({ video: { facingMode: { ideal: 'environment' } }, audio: false })
    expect(cam.video.srcObject).toBe(cam.stream)
    expect(cam.video.muted).toBe(true)
    expect(cam.video.setAttribute).toHaveBeenCalledWith('playsinline', '')

    for (let frame = 0; frame < 4; frame++) await nextFrame()
    expect(onText.mock.calls).toEqual([['code-1'], ['code-2']])
    expect(onError).not.toHaveBeenCalled()
    session.stop()
  })

  it('scales large frames down before decoding and keeps their shape', async () => {
    const cam = fakeCamera()
    cam.video.videoWidth = 3200
    cam.video.videoHeight = 2400
    const session = await startScan(cam.element, vi.fn())
    await nextFrame()
    expect(cam.canvas.drawn[0]).toEqual({ source: cam.video, width: 1600, height: 1200 })
    expect(decoder.readQrText).toHaveBeenCalledWith(expect.objectContaining({ width: 1600, height: 1200 }))
    session.stop()
  })

  it('skips frames until the video has one to draw', async () => {
    const cam = fakeCamera()
    cam.video.readyState = 1
    const session = await startScan(cam.element, vi.fn())
    await nextFrame()
    expect(decoder.readQrText).not.toHaveBeenCalled()
    cam.video.readyState = 2
    await nextFrame()
    expect(decoder.readQrText).toHaveBeenCalledTimes(1)
    session.stop()
  })

  it('decodes one frame at a time: a slow decode delays the next look instead of piling up', async () => {
    const cam = fakeCamera()
    let finish: (text: string | undefined) => void = () => undefined
    decoder.readQrText.mockImplementationOnce(() => new Promise((resolve) => (finish = resolve)))
    const session = await startScan(cam.element, vi.fn())
    await vi.advanceTimersByTimeAsync(FRAME_MS * 10)
    expect(decoder.readQrText).toHaveBeenCalledTimes(1)
    finish(undefined)
    await nextFrame()
    expect(decoder.readQrText).toHaveBeenCalledTimes(2)
    session.stop()
  })

  it('reports a decoder that cannot load once, as decoder_unavailable', async () => {
    const cam = fakeCamera()
    decoder.readQrText.mockRejectedValue(new Error('both async and sync fetching of the wasm failed'))
    const onError = vi.fn()
    const session = await startScan(cam.element, vi.fn(), onError)
    for (let frame = 0; frame < 3; frame++) await nextFrame()
    expect(onError).toHaveBeenCalledTimes(1)
    expect(onError.mock.calls[0]![0]).toMatchObject({ name: 'PairingError', code: 'decoder_unavailable' })
    session.stop()
  })

  it('stop() releases every track and the preview, once, and silences a frame still being decoded', async () => {
    const cam = fakeCamera()
    let finish: (text: string | undefined) => void = () => undefined
    decoder.readQrText.mockImplementationOnce(() => new Promise((resolve) => (finish = resolve)))
    const onText = vi.fn()
    const session = await startScan(cam.element, onText)
    await nextFrame()
    session.stop()
    session.stop()
    expect(cam.track.stop).toHaveBeenCalledTimes(1)
    expect(cam.video.srcObject).toBeNull()
    finish('late')
    await vi.advanceTimersByTimeAsync(FRAME_MS * 5)
    expect(onText).not.toHaveBeenCalled()
    expect(decoder.readQrText).toHaveBeenCalledTimes(1)
  })

  it('offers the torch only when the track supports it', async () => {
    const plain = fakeCamera(fakeTrack({ torch: false }))
    const first = await startScan(plain.element, vi.fn())
    expect(first.torch).toBeUndefined()
    first.stop()

    const track = fakeTrack({ torch: true })
    const cam = fakeCamera(track)
    const session = await startScan(cam.element, vi.fn())
    expect(session.torch?.isOn()).toBe(false)
    await session.torch?.set(true)
    expect(track.applyConstraints).toHaveBeenCalledWith({ advanced: [{ torch: true }] })
    expect(session.torch?.isOn()).toBe(true)
    session.stop()
  })

  it('rejects with camera_denied when permission is refused', async () => {
    const cam = fakeCamera()
    cam.getUserMedia.mockRejectedValueOnce(new DOMException('no', 'NotAllowedError'))
    await expect(startScan(cam.element, vi.fn())).rejects.toMatchObject({ name: 'PairingError', code: 'camera_denied' })
  })

  it('rejects with camera_insecure when the page cannot use the camera at all', async () => {
    vi.stubGlobal('navigator', {})
    await expect(startScan({} as HTMLVideoElement, vi.fn())).rejects.toMatchObject({ code: 'camera_insecure' })
  })

  it('releases the camera when the preview never starts', async () => {
    const cam = fakeCamera()
    cam.video.play.mockRejectedValueOnce(new DOMException('no', 'NotReadableError'))
    await expect(startScan(cam.element, vi.fn())).rejects.toMatchObject({ code: 'camera_unavailable' })
    expect(cam.track.stop).toHaveBeenCalled()
  })
})

describe('decodeImageFile', () => {
  function fakeBitmaps(width = 800, height = 600) {
    const bitmap = { width, height, close: vi.fn() }
    const createImageBitmap = vi.fn(async () => bitmap)
    vi.stubGlobal('createImageBitmap', createImageBitmap)
    const canvas = fakeCanvas()
    vi.stubGlobal('document', { createElement: () => canvas })
    return { bitmap, canvas, createImageBitmap }
  }

  it('returns the QR text and frees the decoded image', async () => {
    const { bitmap, canvas } = fakeBitmaps(4000, 3000)
    decoder.readQrText.mockResolvedValueOnce('eyJ...')
    await expect(decodeImageFile(new Blob(['x']))).resolves.toBe('eyJ...')
    expect(canvas.drawn[0]).toEqual({ source: bitmap, width: 1600, height: 1200 })
    expect(bitmap.close).toHaveBeenCalled()
  })

  it('rejects with no_qr_in_image when the image has no QR code, and still frees it', async () => {
    const { bitmap } = fakeBitmaps()
    const error: unknown = await decodeImageFile(new Blob(['x'])).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PairingError)
    expect((error as PairingError).code).toBe('no_qr_in_image')
    expect((error as PairingError).message).toBe('No QR code could be found in that image.')
    expect(bitmap.close).toHaveBeenCalled()
  })

  it('rejects with no_qr_in_image when the file is not an image the browser can open', async () => {
    const { createImageBitmap } = fakeBitmaps()
    createImageBitmap.mockRejectedValueOnce(new DOMException('bad', 'InvalidStateError'))
    await expect(decodeImageFile(new Blob(['text']))).rejects.toMatchObject({ code: 'no_qr_in_image' })
    expect(decoder.readQrText).not.toHaveBeenCalled()
  })

  it('rejects with decoder_unavailable when the decoder cannot load', async () => {
    fakeBitmaps()
    decoder.readQrText.mockRejectedValueOnce(new Error('wasm fetch failed'))
    await expect(decodeImageFile(new Blob(['x']))).rejects.toMatchObject({ code: 'decoder_unavailable' })
  })
})
