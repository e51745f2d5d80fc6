/**
 * `camera.list` and `camera.snap` (docs/nodes/camera.md). Snap params: `facing` (front|back),
 * `maxWidth` (default 1600), `quality` (0..1, default 0.9, clamped to [0.05, 1]), `format` ("jpg"
 * only), `delayMs` (default 0, at most 10 000), `deviceId` (must match `camera.list` exactly).
 * Answer `{format: "jpg", base64, width, height}`, recompressed until the base64 text is under 5 MB.
 */
import * as z from 'zod/mini'
import type { CameraSession, CameraStill, NodeBrowserApis, VideoInput } from './browserApis'
import { askConsent, type AskConsent } from './consentAsk'
import { isAllowed, refusalError } from './consentPolicy'
import { parseParams, type CommandHandler } from './handler'
import { NodeCommandError, NodeErrorCode } from './nodeErrors'

export const DEFAULT_MAX_WIDTH = 1600
export const DEFAULT_QUALITY = 0.9
export const MIN_QUALITY = 0.05
export const MAX_DELAY_MS = 10_000
/** The iOS and Android nodes keep a photo's base64 under 5 MB; so do we. */
export const MAX_PHOTO_BASE64_BYTES = 5 * 1024 * 1024
/** Each retry lowers quality (and, once it is low, the width) until the photo fits. */
const QUALITY_STEP = 0.7
const WIDTH_STEP = 0.75
const MAX_ENCODE_ATTEMPTS = 10
/** Below this quality a JPEG looks worse than a smaller one: shrink instead. */
const LOWEST_USEFUL_QUALITY = 0.5

const SnapParams = z.looseObject({
  facing: z.optional(z.literal(['front', 'back'])),
  maxWidth: z.optional(z.number().check(z.positive())),
  quality: z.optional(z.number()),
  format: z.optional(z.string()),
  delayMs: z.optional(z.number().check(z.nonnegative())),
  deviceId: z.optional(z.string().check(z.minLength(1))),
})

export const base64Length = (bytes: number) => 4 * Math.ceil(bytes / 3)

export function base64FromBytes(bytes: Uint8Array): string {
  let binary = ''
  const CHUNK = 0x8000
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
  return btoa(binary)
}

function positionOf(label: string): 'front' | 'back' | 'unknown' {
  if (/front|user|facetime|selfie/i.test(label)) return 'front'
  if (/back|rear|environment|world/i.test(label)) return 'back'
  return 'unknown'
}

/** Names a browser's error the way the docs do; anything unexpected is "camera unavailable". */
function cameraError(error: unknown): NodeCommandError {
  if (error instanceof NodeCommandError) return error
  const name = error instanceof Error || (typeof error === 'object' && error !== null && 'name' in error) ? String((error as { name: unknown }).name) : ''
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return new NodeCommandError(NodeErrorCode.CameraPermission, 'camera permission was denied in the browser')
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return new NodeCommandError(NodeErrorCode.CameraUnavailable, 'no camera matches the request')
  if (name === 'NotReadableError') return new NodeCommandError(NodeErrorCode.CameraUnavailable, 'the camera is in use by another app or failed to start')
  return new NodeCommandError(NodeErrorCode.CameraUnavailable, error instanceof Error ? error.message : 'the camera failed')
}

function requireCamera(apis: Pick<NodeBrowserApis, 'camera'>) {
  if (!apis.camera) throw new NodeCommandError(NodeErrorCode.CameraUnavailable, 'this browser has no camera access')
  return apis.camera
}

export function cameraListHandler(apis: Pick<NodeBrowserApis, 'camera'>): CommandHandler {
  return async () => {
    const camera = requireCamera(apis)
    let inputs: VideoInput[]
    try {
      inputs = await camera.listVideoInputs()
    } catch (error) {
      throw cameraError(error)
    }
    // NOTE: before the camera permission is granted, browsers hide labels (and Safari the ids).
    return {
      devices: inputs.map((input, index) => ({
        id: input.deviceId,
        name: input.label || `Camera ${index + 1}`,
        position: positionOf(input.label),
        deviceType: 'webcam',
      })),
    }
  }
}

/** Encodes the still, smaller each time, until its base64 fits the limit. */
export async function encodeWithinLimit(
  still: CameraStill,
  maxWidth: number,
  quality: number,
  limit = MAX_PHOTO_BASE64_BYTES,
): Promise<{ bytes: Uint8Array; width: number; height: number }> {
  let width = Math.max(1, Math.round(Math.min(maxWidth, still.width)))
  let q = quality
  for (let attempt = 0; attempt < MAX_ENCODE_ATTEMPTS; attempt++) {
    const bytes = await still.toJpeg(width, q)
    if (base64Length(bytes.length) <= limit) return { bytes, width, height: Math.max(1, Math.round((still.height * width) / still.width)) }
    if (q > LOWEST_USEFUL_QUALITY) q = Math.max(MIN_QUALITY, q * QUALITY_STEP)
    else width = Math.max(1, Math.round(width * WIDTH_STEP))
  }
  throw new NodeCommandError(NodeErrorCode.PayloadTooLarge, `the photo stays above ${(limit / (1024 * 1024)).toFixed(1)} MB of base64 even when recompressed`)
}

export type SnapOptions = {
  askConsent: AskConsent
  /** The camera went on (true) or off (false): the app shows an indicator meanwhile. */
  onCameraInUse?(isInUse: boolean): void
}

/**
 * The camera goes on only for the consent sheet's live preview (whether the command may run at all
 * was decided before: consentPolicy.ts); the still is taken only after the user allows, and the
 * camera goes off again whatever the answer.
 */
export function cameraSnapHandler(apis: Pick<NodeBrowserApis, 'camera' | 'isVisible'>, options: SnapOptions): CommandHandler {
  return async (raw, context) => {
    const params = parseParams(SnapParams, raw)
    if (params.format !== undefined && params.format !== 'jpg' && params.format !== 'jpeg') {
      throw new NodeCommandError(NodeErrorCode.InvalidRequest, `unsupported format "${params.format}" (only jpg)`)
    }
    const camera = requireCamera(apis)
    if (!apis.isVisible()) throw new NodeCommandError(NodeErrorCode.Background, 'command requires foreground: open the companion app')
    if (params.deviceId !== undefined) {
      const inputs = await camera.listVideoInputs().catch(() => [])
      if (!inputs.some((input) => input.deviceId === params.deviceId)) {
        throw new NodeCommandError(NodeErrorCode.InvalidRequest, `unknown camera id "${params.deviceId}"; run camera.list for current ids`)
      }
    }
    const quality = Math.min(1, Math.max(MIN_QUALITY, params.quality ?? DEFAULT_QUALITY))
    const delayMs = Math.min(MAX_DELAY_MS, params.delayMs ?? 0)
    let session: CameraSession
    try {
      session = await camera.open({
        ...(params.deviceId ? { deviceId: params.deviceId } : {}),
        ...(params.facing ? { facing: params.facing } : {}),
        signal: context.signal,
      })
    } catch (error) {
      if (context.signal.aborted) throw context.signal.reason
      throw cameraError(error)
    }
    options.onCameraInUse?.(true)
    let still: CameraStill
    try {
      const answer = await askConsent(
        options.askConsent,
        { kind: 'camera', preview: session.preview, ...(params.facing ? { facing: params.facing } : {}) },
        context,
      )
      if (!isAllowed(answer)) {
        const refused = refusalError('camera', answer)
        throw new NodeCommandError(refused.code, refused.message)
      }
      still = await session.still(delayMs, context.signal)
    } catch (error) {
      if (context.signal.aborted) throw context.signal.reason
      throw cameraError(error)
    } finally {
      session.close()
      options.onCameraInUse?.(false)
    }
    try {
      const photo = await encodeWithinLimit(still, params.maxWidth ?? DEFAULT_MAX_WIDTH, quality)
      return { format: 'jpg', base64: base64FromBytes(photo.bytes), width: photo.width, height: photo.height }
    } finally {
      still.close()
    }
  }
}
