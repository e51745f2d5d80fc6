import { extractSetupCode } from './extractSetupCode'
import { pairingErrors } from './pairingError'
import { validateSetupPayload, type ParseContext, type ParseResult } from './setupPayload'

export type { ParseContext, ParseResult, SetupPayload } from './setupPayload'

function base64UrlToBytes(code: string): Uint8Array | null {
  const base64 = code.replace(/-/g, '+').replace(/_/g, '/')
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4)
  try {
    const binary = atob(padded)
    return Uint8Array.from(binary, (ch) => ch.charCodeAt(0))
  } catch {
    return null
  }
}

function bytesToBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function decodeJson(code: string): { ok: true; json: unknown } | { ok: false } {
  const bytes = base64UrlToBytes(code)
  if (bytes === null) return { ok: false }
  try {
    // fatal: invalid UTF-8 means a damaged code, not text to be shown with replacement characters.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return { ok: true, json: JSON.parse(text) as unknown }
  } catch {
    return { ok: false }
  }
}

/**
 * Parses a setup code (bare, or as an oc-pair:// link) into a validated payload. Never throws:
 * every failure comes back as a PairingError whose message can be shown to the user as is.
 */
export function parseSetupCode(text: string, context: ParseContext = {}): ParseResult {
  try {
    const extracted = extractSetupCode(text)
    if (!extracted.ok) return extracted
    const decoded = decodeJson(extracted.code)
    if (!decoded.ok) return { ok: false, error: pairingErrors.not_json() }
    return validateSetupPayload(decoded.json, context)
  } catch {
    // Nothing above is expected to throw; this keeps the "never throws" promise if a platform
    // API misbehaves, without leaking the input into an error message.
    return { ok: false, error: pairingErrors.not_setup_code('charset') }
  }
}

/** Inverse of parseSetupCode, emitting keys in the gateway's order. */
export function encodeSetupCode(payload: { url: string; urls?: string[]; bootstrapToken: string; expiresAtMs?: number }): string {
  const ordered: Record<string, unknown> = { url: payload.url }
  if (payload.urls !== undefined) ordered.urls = payload.urls
  ordered.bootstrapToken = payload.bootstrapToken
  if (payload.expiresAtMs !== undefined) ordered.expiresAtMs = payload.expiresAtMs
  return bytesToBase64Url(new TextEncoder().encode(JSON.stringify(ordered)))
}
