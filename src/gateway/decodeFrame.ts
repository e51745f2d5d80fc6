/**
 * The one way from a WebSocket message to a typed inbound frame: anything refused here is reported
 * as a malformed frame and never handed on.
 */
import { InboundFrame } from './protocol'

export type DecodedFrame = { ok: true; frame: InboundFrame } | { ok: false; detail: string; oversized?: true }

/** The frame's size in UTF-8 bytes, counted only when its length alone does not decide. */
function isLargerThan(text: string, maxBytes: number): boolean {
  if (text.length > maxBytes) return true
  if (text.length * 3 <= maxBytes) return false
  return new TextEncoder().encode(text).byteLength > maxBytes
}

/** `maxPayload`: the limit hello-ok negotiated (policy.maxPayload); a larger frame is not even parsed. */
export function decodeFrame(data: unknown, maxPayload?: number): DecodedFrame {
  // NOTE: the protocol is text frames only. A binary frame arrives as a Buffer in Node and as a Blob
  // or ArrayBuffer in browsers; stringifying it would accept it on one platform and not the others.
  if (typeof data !== 'string') return { ok: false, detail: 'binary frame' }
  if (maxPayload !== undefined && isLargerThan(data, maxPayload))
    return { ok: false, oversized: true, detail: `frame over the negotiated maxPayload (${maxPayload} bytes)` }
  let json: unknown
  try {
    json = JSON.parse(data)
  } catch {
    return { ok: false, detail: 'frame is not JSON' }
  }
  const parsed = InboundFrame.safeParse(json)
  if (!parsed.success) return { ok: false, detail: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') }
  return { ok: true, frame: parsed.data }
}
