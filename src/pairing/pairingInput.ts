import { extractSetupCode } from './extractSetupCode'
import { looksLikeDeepLink, parseGatewayDeepLink, type GatewayLink } from './gatewayDeepLink'
import { recognizeJoinLink } from './joinLink'
import { pairingErrors, type PairingError } from './pairingError'
import { parseSetupCode, type ParseContext, type ParseResult, type SetupPayload } from './setupCode'

// Only a hint for the error message, never used to parse the address.
const LOOKS_LIKE_URL = /^\s*(?:wss?|https?):\/\//i
const MAX_INPUT_LENGTH = 4096

/**
 * A setup code's text (pasted, an uploaded QR photo's text, or a camera scan) as a setup payload.
 * Accepts a bare setup code or an oc-pair:// link (any case), with surrounding or wrapping
 * whitespace, and names what people point the camera at instead (a join link, a web address).
 */
export function parsePairingInput(text: string, context: ParseContext = {}): ParseResult {
  const result = parseSetupCode(text, context)
  if (result.ok || typeof text !== 'string' || text.length > MAX_INPUT_LENGTH) return result
  // `openclaw devices join-code` prints a link for `openclaw connect`; say what it is instead of "not a code".
  const join = recognizeJoinLink(text)
  if (join) return { ok: false, error: pairingErrors.join_link(join) }
  // People often paste the gateway's address instead of the code; say so instead of "not a code".
  if (result.error.code === 'not_setup_code' && LOOKS_LIKE_URL.test(text)) {
    return { ok: false, error: pairingErrors.not_setup_code('looks_like_url') }
  }
  return result
}

/** What a scanned or pasted text pairs with: a setup code's payload, or a deep link's address and secret. */
export type PairingInput = { ok: true; setup: SetupPayload } | { ok: true; link: GatewayLink } | { ok: false; error: PairingError }

/**
 * The single entry point for everything the UI receives: every form of setup code, and the
 * `openclaw://gateway?…` deep link (an address with the gateway's token, like "Enter manually").
 */
export function readPairingInput(text: string, context: ParseContext = {}): PairingInput {
  if (typeof text === 'string' && text.length <= MAX_INPUT_LENGTH && looksLikeDeepLink(text)) {
    // The invisible-character check is the setup code's; a link gets it first too.
    const checked = extractSetupCode(text)
    if (!checked.ok && checked.error.code === 'control_characters') return checked
    const parsed = parseGatewayDeepLink(text, context)
    return parsed.ok ? { ok: true, link: parsed.link } : parsed
  }
  const parsed = parsePairingInput(text, context)
  return parsed.ok ? { ok: true, setup: parsed.payload } : parsed
}
