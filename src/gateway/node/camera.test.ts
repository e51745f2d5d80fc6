// @vitest-environment node
import { describe, expect, it, vi } from 'vitest'
import type { CameraApi, CameraStill } from './browserApis'
import type { AskConsent } from './consentAsk'
import { base64Length, cameraListHandler, cameraSnapHandler, encodeWithinLimit, MAX_PHOTO_BASE64_BYTES } from './camera'
import { context, fakeStill } from './testing/fakeBrowser'

type OpenOptions = Parameters<CameraApi['open']>[0]

/** A camera whose stream is a stand-in: `opens` records each time it goes on, `stills` each still taken, `closes` each time it goes off. */
function camera(still: CameraStill | (() => Promise<CameraStill>), inputs = [{ deviceId: 'cam-1', label: 'FaceTime HD Camera (front)' }]) {
  const captures: Array<OpenOptions & { delayMs: number }> = []
  const opens: OpenOptions[] = []
  let closes = 0
  const api: CameraApi = {
    listVideoInputs: async () => inputs,
    open: async (options) => {
      opens.push(options)
      if (typeof still === 'function' && !('width' in still)) {
        // A failing camera fails when it is turned on, as getUserMedia does.
        const first = await still()
        return session(options, first)
      }
      return session(options, still as CameraStill)
    },
  }
  function session(options: OpenOptions, taken: CameraStill) {
    return {
      preview: { id: 'stream' } as unknown as MediaStream,
      still: async (delayMs: number) => {
        captures.push({ ...options, delayMs })
        return taken
      },
      close: () => void closes++,
    }
  }
  return { api, captures, opens, closes: () => closes }
}

const allow: AskConsent = async () => 'allow-once'
const snap = (api: CameraApi | undefined, isVisible = true, askConsent: AskConsent = allow) =>
  cameraSnapHandler({ ...(api ? { camera: api } : {}), isVisible: () => isVisible }, { askConsent })

describe('camera.list', () => {
  it('lists the video inputs with id, name and position', async () => {
    const { api } = camera(fakeStill(10, 10), [
      { deviceId: 'a', label: 'Back Camera' },
      { deviceId: 'b', label: '' },
    ])
    await expect(cameraListHandler({ camera: api })({}, context())).resolves.toEqual({
      devices: [
        { id: 'a', name: 'Back Camera', position: 'back', deviceType: 'webcam' },
        { id: 'b', name: 'Camera 2', position: 'unknown', deviceType: 'webcam' },
      ],
    })
  })

  it('no camera API: CAMERA_UNAVAILABLE', async () => {
    await expect(cameraListHandler({})({}, context())).rejects.toMatchObject({ code: 'CAMERA_UNAVAILABLE' })
  })
})

describe('camera.snap', () => {
  it('answers a JPEG as base64 with its size, scaled down to maxWidth (default 1600)', async () => {
    const still = fakeStill(1920, 1080)
    const { api, captures } = camera(still)
    const payload = (await snap(api)({ format: 'jpg' }, context())) as { format: string; base64: string; width: number; height: number }
    expect(payload).toMatchObject({ format: 'jpg', width: 1600, height: 900 })
    const bytes = Buffer.from(payload.base64, 'base64')
    expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff])
    expect(still.encodes).toEqual([{ width: 1600, quality: 0.9 }])
    expect(still.isClosed).toBe(true)
    expect(captures[0]).toMatchObject({ delayMs: 0 })
  })

  it('passes facing, deviceId and a delay capped at 10 s; clamps quality into [0.05, 1]', async () => {
    const still = fakeStill(640, 480)
    const { api, captures } = camera(still)
    await snap(api)({ facing: 'back', deviceId: 'cam-1', delayMs: 60_000, quality: 0, maxWidth: 4000 }, context())
    expect(captures[0]).toMatchObject({ facing: 'back', deviceId: 'cam-1', delayMs: 10_000 })
    expect(still.encodes[0]).toEqual({ width: 640, quality: 0.05 })
  })

  it('recompresses a photo whose base64 would exceed 5 MB until it fits', async () => {
    // 4000×3000 at 0.5 bytes/pixel per unit of quality: 5.4 MB at 0.9, so at least one retry.
    const still = fakeStill(4000, 3000, (quality) => quality * 0.5)
    const { api } = camera(still)
    const payload = (await snap(api)({ maxWidth: 4000 }, context())) as { base64: string; width: number }
    expect(payload.base64.length).toBeLessThanOrEqual(MAX_PHOTO_BASE64_BYTES)
    expect(still.encodes.length).toBeGreaterThan(1)
    expect(still.encodes[1]!.quality).toBeLessThan(0.9)
  })

  it('fails with PAYLOAD_TOO_LARGE when even the smallest tries stay too big', async () => {
    const huge = { width: 100, height: 100, toJpeg: async () => new Uint8Array(MAX_PHOTO_BASE64_BYTES), close: vi.fn() }
    await expect(snap(camera(huge).api)({}, context())).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' })
    expect(huge.close).toHaveBeenCalled()
  })

  it('encodeWithinLimit steps quality down first, then width', async () => {
    const still = fakeStill(1000, 1000, () => 1)
    const limit = base64Length(200 * 200)
    const photo = await encodeWithinLimit(still, 1000, 0.9, limit)
    expect(base64Length(photo.bytes.length)).toBeLessThanOrEqual(limit)
    const widths = still.encodes.map((encode) => encode.width)
    expect(widths.slice(0, 3)).toEqual([1000, 1000, 1000])
    expect(still.encodes.slice(0, 3).map((encode) => encode.quality)).toEqual([0.9, 0.63, expect.closeTo(0.441)])
    expect(widths.at(-1)).toBeLessThan(1000)
  })

  it('a denied camera permission ends in CAMERA_PERMISSION_REQUIRED', async () => {
    const denied = Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' })
    await expect(snap(camera(() => Promise.reject(denied)).api)({}, context())).rejects.toMatchObject({ code: 'CAMERA_PERMISSION_REQUIRED' })
  })

  it('no camera, or a camera that fails to start: CAMERA_UNAVAILABLE', async () => {
    await expect(snap(undefined)({}, context())).rejects.toMatchObject({ code: 'CAMERA_UNAVAILABLE' })
    const busy = Object.assign(new Error('Could not start video source'), { name: 'NotReadableError' })
    await expect(snap(camera(() => Promise.reject(busy)).api)({}, context())).rejects.toMatchObject({ code: 'CAMERA_UNAVAILABLE' })
  })

  it('refuses an unknown deviceId and a format other than jpg with INVALID_REQUEST, before opening the camera', async () => {
    const { api, captures } = camera(fakeStill(10, 10))
    await expect(snap(api)({ deviceId: 'nope' }, context())).rejects.toMatchObject({ code: 'INVALID_REQUEST' })
    await expect(snap(api)({ format: 'png' }, context())).rejects.toMatchObject({ code: 'INVALID_REQUEST' })
    expect(captures).toEqual([])
  })

  it('only works in the foreground: NODE_BACKGROUND_UNAVAILABLE while the app is hidden', async () => {
    const { api, captures } = camera(fakeStill(10, 10))
    await expect(snap(api, false)({}, context())).rejects.toMatchObject({ code: 'NODE_BACKGROUND_UNAVAILABLE' })
    expect(captures).toEqual([])
  })

  it('asks the user with the live preview, and takes the still only after "Allow once"', async () => {
    const still = fakeStill(640, 480)
    const { api, captures, closes } = camera(still)
    const order: string[] = []
    const askConsent = vi.fn<AskConsent>(async (request) => {
      order.push(`asked ${request.kind} ${captures.length} stills`)
      return 'allow-once'
    })
    const inUse: boolean[] = []
    const handler = cameraSnapHandler({ camera: api, isVisible: () => true }, { askConsent, onCameraInUse: (on) => inUse.push(on) })
    await expect(handler({ facing: 'back' }, context())).resolves.toMatchObject({ format: 'jpg', width: 640 })
    expect(askConsent).toHaveBeenCalledWith({ kind: 'camera', invokeId: 'inv-1', facing: 'back', preview: { id: 'stream' } }, expect.any(AbortSignal))
    expect(order).toEqual(['asked camera 0 stills'])
    expect(captures).toHaveLength(1)
    expect(closes()).toBe(1)
    expect(inUse).toEqual([true, false])
  })

  it('a denied request takes no still, encodes nothing, turns the camera off and says CAMERA_CONSENT_DENIED', async () => {
    const still = fakeStill(640, 480)
    const { api, captures, closes } = camera(still)
    const inUse: boolean[] = []
    const handler = cameraSnapHandler({ camera: api, isVisible: () => true }, { askConsent: async () => 'deny', onCameraInUse: (on) => inUse.push(on) })
    await expect(handler({}, context())).rejects.toMatchObject({ code: 'CAMERA_CONSENT_DENIED', message: 'the user declined to take a photo' })
    expect(captures).toEqual([])
    expect(still.encodes).toEqual([])
    expect(closes()).toBe(1)
    expect(inUse).toEqual([true, false])
  })

  it('an unanswered sheet is denied before the invocation runs out, and the sheet is taken down', async () => {
    vi.useFakeTimers()
    const still = fakeStill(640, 480)
    const { api, captures, closes } = camera(still)
    let sheet: AbortSignal | undefined
    const askConsent: AskConsent = (_request, signal) => {
      sheet = signal
      return new Promise(() => {})
    }
    // 19.5 s left of the CLI's 20 s `camera snap` timeout: the sheet waits 16.5 s, keeping 3 s to take and send the photo.
    const outcome = cameraSnapHandler({ camera: api, isVisible: () => true }, { askConsent })({}, context(19_500))
    const settled = vi.fn()
    outcome.then(settled, settled)
    await vi.advanceTimersByTimeAsync(16_499)
    expect(settled).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    await expect(outcome).rejects.toMatchObject({ code: 'CAMERA_CONSENT_DENIED', message: 'the user did not allow a photo in time' })
    expect(sheet?.aborted).toBe(true)
    expect(captures).toEqual([])
    expect(closes()).toBe(1)
    vi.useRealTimers()
  })

  it('the gateway cancelling while the sheet is up ends it unanswered, with no still', async () => {
    const { api, captures } = camera(fakeStill(10, 10))
    const cancel = new AbortController()
    let sheet: AbortSignal | undefined
    const askConsent: AskConsent = (_request, signal) => {
      sheet = signal
      return new Promise(() => {})
    }
    const outcome = cameraSnapHandler({ camera: api, isVisible: () => true }, { askConsent })({}, context(14_000, cancel.signal))
    await vi.waitFor(() => expect(sheet).toBeDefined())
    cancel.abort(new Error('cancelled by the gateway'))
    await expect(outcome).rejects.toThrow('cancelled by the gateway')
    expect(sheet?.aborted).toBe(true)
    expect(captures).toEqual([])
  })
})
