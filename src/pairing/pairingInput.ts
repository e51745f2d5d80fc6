import { pairingErrors } from './pairingError'
import { parseSetupCode, type ParseContext, type ParseResult } from './setupCode'

// Only a hint for the error message, never used to parse the address.
const LOOKS_LIKE_URL = /^\s*(?:wss?|https?):\/\//i

/**
 * The single entry point for everything the UI receives: pasted text, an uploaded QR photo's
 * text, or a camera scan. Accepts a bare setup code or an oc-pair:// link (any case), with
 * surrounding or wrapping whitespace.
 */
export function parsePairingInput(text: string, context: ParseContext = {}): ParseResult {
  const result = parseSetupCode(text, context)
  // People often paste the gateway's address instead of the code; say so instead of "not a code".
  if (!result.ok && result.error.code === 'not_setup_code' && typeof text === 'string' && LOOKS_LIKE_URL.test(text)) {
    return { ok: false, error: pairingErrors.not_setup_code('looks_like_url') }
  }
  return result
}
