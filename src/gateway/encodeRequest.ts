// Kept out of protocol.ts: only the gateway client sends requests, and protocol.ts is on the first screen.
import { reqFrame } from './protocol'

/** A request as sent, or why it cannot be: larger than the gateway's negotiated maxPayload. */
export function encodeRequest(id: string, method: string, params: unknown, maxPayload: number | undefined): string | RangeError {
  const frame = JSON.stringify(reqFrame(id, method, params))
  // NOTE: the gateway's limit is in bytes; frame.length counts UTF-16 units.
  if (maxPayload !== undefined && new TextEncoder().encode(frame).byteLength > maxPayload) {
    return new RangeError(`${method} is larger than the gateway accepts (${maxPayload} bytes)`)
  }
  return frame
}
