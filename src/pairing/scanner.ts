// Camera, torch and image files for pairing. The UI loads this module with import() when the user
// taps "Scan QR code" or picks a file (and, on an unmetered connection, when idle on the welcome
// screen), so it must have no side effects at module evaluation time. The decoder it uses is chosen
// and loaded by qrReader.ts: the browser's BarcodeDetector, or the WebAssembly decoder in a worker.
import { PairingError, pairingErrors } from './pairingError'
import type { Pixels } from './qrDecoder'
import { nativeQrDetector, readQrPixels, warmQrDecoder, type QrDetector } from './qrReader'

export { warmQrDecoder } from './qrReader'

/** Time between two looks at the camera: quick enough to feel instant, light on a phone's battery. */
const FRAME_INTERVAL_MS = 150
/**
 * Frames and photos are scaled down to this many pixels on their longer side before decoding: a QR
 * filling a tenth of a 12 MP photo still has several pixels per module, and decoding stays fast.
 */
const MAX_SIDE = 1600
/** HTMLMediaElement.HAVE_CURRENT_DATA: the video has a frame to draw. */
const HAVE_CURRENT_DATA = 2

export type ScanSession = {
  stop(): void
  torch?: { isOn(): boolean; set(on: boolean): Promise<void> }
}

// The torch is not in TypeScript's DOM types yet (Chrome on Android implements it).
type TorchCapabilities = MediaTrackCapabilities & { torch?: boolean }
type TorchConstraintSet = MediaTrackConstraintSet & { torch?: boolean }

function errorName(e: unknown): string {
  const name = (e as { name?: unknown } | null)?.name
  return typeof name === 'string' ? name : ''
}

function cameraApiMissing(): boolean {
  const nav = (globalThis as { navigator?: { mediaDevices?: { getUserMedia?: unknown } } }).navigator
  return typeof nav?.mediaDevices?.getUserMedia !== 'function'
}

function isInsecureContext(): boolean {
  return (globalThis as { isSecureContext?: boolean }).isSecureContext === false
}

export function cameraErrorToPairingError(e: unknown): PairingError {
  if (e instanceof PairingError) return e
  switch (errorName(e)) {
    case 'NotAllowedError':
    case 'PermissionDeniedError': // pre-standard Chrome
      return pairingErrors.camera_denied()
    case 'NotFoundError':
    case 'DevicesNotFoundError': // pre-standard Chrome
    case 'OverconstrainedError':
      return pairingErrors.camera_missing()
    case 'SecurityError':
      return isInsecureContext() ? pairingErrors.camera_insecure() : pairingErrors.camera_denied()
  }
  // Browsers hide navigator.mediaDevices entirely on http:// pages other than localhost.
  if (cameraApiMissing() || isInsecureContext()) return pairingErrors.camera_insecure()
  return pairingErrors.camera_unavailable()
}

function torchControl(track: MediaStreamTrack | undefined): ScanSession['torch'] {
  if (!track || typeof track.getCapabilities !== 'function') return undefined
  let capabilities: TorchCapabilities
  try {
    capabilities = track.getCapabilities()
  } catch {
    return undefined
  }
  if (capabilities.torch !== true) return undefined
  let on = false
  return {
    isOn: () => on,
    async set(next: boolean) {
      const constraint: TorchConstraintSet = { torch: next }
      await track.applyConstraints({ advanced: [constraint] })
      on = next
    },
  }
}

/**
 * Shows the rear camera in `video` and reports each newly seen QR text. The same text is reported
 * once until a different one is seen, since a code that stays in view is read again on every frame.
 * Rejects with a PairingError (camera_*) when the camera cannot be opened.
 */
export async function startScan(video: HTMLVideoElement, onText: (text: string) => void, onError?: (e: PairingError) => void): Promise<ScanSession> {
  if (cameraApiMissing()) throw cameraErrorToPairingError(undefined)
  // The decoder loads while the permission prompt is open and the camera starts, not after.
  void warmQrDecoder()
  const detecting = nativeQrDetector()
  let stream: MediaStream
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: { ideal: 'environment' } },
      audio: false,
    })
  } catch (e) {
    throw cameraErrorToPairingError(e)
  }

  const stopTracks = () => {
    for (const track of stream.getTracks()) track.stop()
  }
  let stopped = false
  let lastText: string | undefined
  let failed = false
  let timer: ReturnType<typeof setTimeout> | undefined

  video.srcObject = stream
  video.muted = true
  video.setAttribute('playsinline', '') // iOS would otherwise open the preview full screen
  try {
    await video.play()
  } catch (e) {
    stopTracks()
    throw cameraErrorToPairingError(e)
  }

  const detector = await detecting
  const canvas = document.createElement('canvas')
  // One frame at a time: the next look is scheduled only once this one is decoded.
  const look = async () => {
    if (stopped) return
    try {
      if (video.readyState >= HAVE_CURRENT_DATA && video.videoWidth > 0) {
        const text = detector ? await detect(detector, video) : await decode(drawScaled(video, video.videoWidth, video.videoHeight, canvas))
        if (!stopped && text !== undefined && text !== lastText) {
          lastText = text
          onText(text)
        }
      }
    } catch (error) {
      // A decoder that failed to load fails on every frame; say so once.
      if (!stopped && !failed) onError?.(asPairingError(error))
      failed = true
    }
    if (!stopped) timer = setTimeout(() => void look(), FRAME_INTERVAL_MS)
  }
  void look()

  const session: ScanSession = {
    stop() {
      if (stopped) return
      stopped = true
      clearTimeout(timer)
      video.srcObject = null
      stopTracks()
    },
  }
  const torch = torchControl(stream.getVideoTracks()[0])
  if (torch) session.torch = torch
  return session
}

/** Draws `source` scaled to at most MAX_SIDE on its longer side and returns its pixels. */
function drawScaled(source: CanvasImageSource, width: number, height: number, canvas: HTMLCanvasElement): Pixels | undefined {
  const scale = Math.min(1, MAX_SIDE / Math.max(width, height))
  canvas.width = Math.max(1, Math.round(width * scale))
  canvas.height = Math.max(1, Math.round(height * scale))
  const context = canvas.getContext('2d', { willReadFrequently: true })
  if (!context) return undefined
  context.drawImage(source, 0, 0, canvas.width, canvas.height)
  return context.getImageData(0, 0, canvas.width, canvas.height)
}

/** The QR text in `pixels`; rejects with decoder_unavailable when the WebAssembly module cannot run. */
async function decode(pixels: Pixels | undefined): Promise<string | undefined> {
  if (!pixels) return undefined
  try {
    return await readQrPixels(pixels)
  } catch {
    throw pairingErrors.decoder_unavailable()
  }
}

/** The first QR text the browser's own detector sees in `source`. */
async function detect(detector: QrDetector, source: ImageBitmapSource): Promise<string | undefined> {
  try {
    return (await detector.detect(source))[0]?.rawValue
  } catch {
    throw pairingErrors.decoder_unavailable()
  }
}

function asPairingError(error: unknown): PairingError {
  return error instanceof PairingError ? error : pairingErrors.decoder_unavailable()
}

/** Reads a QR code from a photo or screenshot. Rejects with PairingError 'no_qr_in_image'. */
export async function decodeImageFile(file: Blob): Promise<string> {
  let bitmap: ImageBitmap
  try {
    // The browser decodes the file (any format it can show, HEIC or WebP included where supported).
    bitmap = await createImageBitmap(file)
  } catch {
    throw pairingErrors.no_qr_in_image() // not an image at all: the user's next step is the same
  }
  try {
    const detector = await nativeQrDetector()
    const text = detector ? await detect(detector, bitmap) : await decode(drawScaled(bitmap, bitmap.width, bitmap.height, document.createElement('canvas')))
    if (text === undefined) throw pairingErrors.no_qr_in_image()
    return text
  } catch (error) {
    throw asPairingError(error)
  } finally {
    bitmap.close()
  }
}
