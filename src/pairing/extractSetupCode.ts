import { pairingErrors, type PairingError } from './pairingError'

export const MAX_INPUT_LENGTH = 4096

// C0/C1 controls except the tab and line breaks that wrapped copies contain, plus invisible
// format characters (zero-width space, bidi overrides, BOM) that can disguise a code.
const CONTROL = /[^\P{Cc}\t\n\r]|\p{Cf}/u
const LINK_PREFIX = /^oc-pair:\/\//i
const BASE64URL = /^[A-Za-z0-9_-]+$/

export type ExtractResult = { ok: true; code: string } | { ok: false; error: PairingError }

/**
 * Turns pasted, scanned or typed text into a bare, unpadded base64url setup code, or explains
 * why it cannot be one. Forgiving only about what copying and QR apps add (whitespace, line
 * wrapping, the oc-pair:// prefix, a trailing "/", base64 padding); strict about anything else.
 */
export function extractSetupCode(text: string): ExtractResult {
  if (typeof text !== 'string') return { ok: false, error: pairingErrors.empty() }
  // Checked before any other work so that huge pastes cost nothing.
  if (text.length > MAX_INPUT_LENGTH) return { ok: false, error: pairingErrors.too_long() }
  if (CONTROL.test(text)) return { ok: false, error: pairingErrors.control_characters() }

  let code = text.replace(/\s+/gu, '')
  if (code === '') return { ok: false, error: pairingErrors.empty() }

  if (LINK_PREFIX.test(code)) {
    code = code.replace(LINK_PREFIX, '')
    if (code.endsWith('/')) code = code.slice(0, -1)
    if (code === '') return { ok: false, error: pairingErrors.not_setup_code('empty_link') }
  }

  const padding = /=*$/.exec(code)?.[0].length ?? 0
  const body = code.slice(0, code.length - padding)
  if (!BASE64URL.test(body)) return { ok: false, error: pairingErrors.not_setup_code('charset') }
  // A length of 1 mod 4 cannot come from any byte string, and padding must be exactly right.
  const missing = (4 - (body.length % 4)) % 4
  if (missing === 3 || (padding !== 0 && padding !== missing)) {
    return { ok: false, error: pairingErrors.not_setup_code('length') }
  }
  return { ok: true, code: body }
}
