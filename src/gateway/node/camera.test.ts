// @vitest-environment node
import { describe, expect, it, vi } from 'vitest'
import type { CameraApi, CameraStill } from './browserApis'
import { base64Length, cameraListHandler, cameraSnapHandler, encodeWithinLimit, MAX_PHOTO_BASE64_BYTES } from './camera'
import { context, fakeStill } from './testing/fakeBrowser'

function camera(still: CameraStill | (() => Promise<CameraStill>), inputs = [{ deviceId: 'cam-1', label: 'FaceTime HD Camera (front)' }]) {
  const captures: Array<Parameters<CameraApi['capture']>[0]> = []
  const api: CameraApi = {
    listVideoInputs: async () => inputs,
    capture: async (options) => {
      captures.push(options)
      return typeof still === 'function' ? still() : still
    },
  }
  return { api, captures }
}

const snap = (api: CameraApi | undefined, isVisible = true) => cameraSnapHandler({ ...(api ? { camera: api } : {}), isVisible: () => isVisible })

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
})
