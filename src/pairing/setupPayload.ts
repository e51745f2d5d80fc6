import * as z from 'zod/mini'
import { checkGatewayUrl } from './gatewayUrl'
import { pairingErrors, type PairingError } from './pairingError'

export type SetupPayload = {
  /** The first usable gateway URL; equals the code's `url` unless that one cannot work from this page. */
  url: string
  /** Candidate gateway URLs to try in order: `url` first, then the code's `urls`, de-duplicated. */
  urls: string[]
  bootstrapToken: string
  expiresAtMs?: number
  tlsFingerprint?: string
}

export type ParseResult = { ok: true; payload: SetupPayload } | { ok: false; error: PairingError }

export type ParseContext = { nowMs?: number; pageProtocol?: string }

export const MAX_URLS = 8
const MAX_LIFETIME_MS = 24 * 60 * 60 * 1000
const TOKEN = /^[A-Za-z0-9_-]{16,512}$/

// Loose: newer gateways may add fields, and refusing them would break pairing for no benefit.
const payloadSchema = z.looseObject({
  url: z.string().check(z.minLength(1)),
  urls: z.optional(z.array(z.string()).check(z.maxLength(MAX_URLS))),
  bootstrapToken: z.string().check(z.minLength(1)),
  expiresAtMs: z.optional(z.number()),
  tlsFingerprint: z.optional(z.string()),
})

const EXPECTED: Record<string, string> = {
  url: 'text',
  urls: 'a list of addresses',
  bootstrapToken: 'text',
  expiresAtMs: 'a number',
  tlsFingerprint: 'text',
}

export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  switch (typeof value) {
    case 'string':
      return 'text'
    case 'number':
      return 'a number'
    case 'boolean':
      return 'true/false'
    case 'object':
      return 'an object'
    default:
      return 'nothing'
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<PropertyKey, unknown>)[key]
  }
  return value
}

function shapeError(json: Record<string, unknown>, issues: readonly z.core.$ZodIssue[]): PairingError {
  // Zod reports issues in schema key order, which matches the order the gateway emits keys.
  for (const issue of issues) {
    const [field, index] = issue.path
    if (typeof field !== 'string') continue
    const value = json[field]
    if (field === 'url' && (value === undefined || value === '')) return pairingErrors.missing_url()
    if (field === 'bootstrapToken' && (value === undefined || value === '')) return pairingErrors.missing_token()
    if (field === 'urls' && issue.code === 'too_big') return pairingErrors.too_many_urls(MAX_URLS)
    const name = typeof index === 'number' ? `${field}[${index}]` : field
    const expected = typeof index === 'number' ? 'text' : (EXPECTED[field] ?? 'something else')
    return pairingErrors.wrong_types(name, expected, describeJsonValue(valueAt(json, issue.path)))
  }
  return pairingErrors.wrong_shape('something unexpected')
}

// The gateway's normalizeTlsFingerprint: SHA-256 as 64 hex digits, or 32 colon-separated pairs, after an optional "sha256:".
const SHA256_HEX = /^[a-fA-F0-9]{64}$/
const SHA256_COLONS = /^(?:[a-fA-F0-9]{2}:){31}[a-fA-F0-9]{2}$/

/** The fingerprint as lower-case hex, as the gateway and its apps store it, or null when it is none. */
export function normalizeTlsFingerprint(raw: string): string | null {
  const value = raw.trim().replace(/^sha256:/i, '')
  if (SHA256_HEX.test(value)) return value.toLowerCase()
  return SHA256_COLONS.test(value) ? value.replaceAll(':', '').toLowerCase() : null
}

function checkExpiry(expiresAtMs: number | undefined, nowMs: number): PairingError | null {
  if (expiresAtMs === undefined) return null
  if (!Number.isSafeInteger(expiresAtMs) || expiresAtMs <= 0) return pairingErrors.absurd_expiry()
  if (expiresAtMs <= nowMs) return pairingErrors.expired(expiresAtMs, nowMs)
  if (expiresAtMs > nowMs + MAX_LIFETIME_MS) return pairingErrors.absurd_expiry()
  return null
}

/** Validates decoded JSON against what the gateway emits and what this page can reach. */
export function validateSetupPayload(json: unknown, context: ParseContext = {}): ParseResult {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { ok: false, error: pairingErrors.wrong_shape(describeJsonValue(json)) }
  }
  const record = json as Record<string, unknown>
  if (Array.isArray(record.urls) && record.urls.length > MAX_URLS) {
    return { ok: false, error: pairingErrors.too_many_urls(MAX_URLS) }
  }
  const parsed = payloadSchema.safeParse(json)
  if (!parsed.success) return { ok: false, error: shapeError(record, parsed.error.issues) }
  const data = parsed.data

  if (!TOKEN.test(data.bootstrapToken)) return { ok: false, error: pairingErrors.bad_token() }
  const expiryError = checkExpiry(data.expiresAtMs, context.nowMs ?? Date.now())
  if (expiryError) return { ok: false, error: expiryError }

  const candidates = [...new Set([data.url, ...(data.urls ?? [])])]
  const usable: string[] = []
  let firstRefusal: PairingError | undefined
  for (const [i, candidate] of candidates.entries()) {
    const label = i === 0 ? undefined : `Alternative gateway address ${i}`
    const checked = checkGatewayUrl(candidate, { pageProtocol: context.pageProtocol, label })
    if (checked.ok) {
      usable.push(checked.url)
    } else if (checked.error.code === 'insecure_public' || checked.error.code === 'mixed_content') {
      // Refusals that depend on where the page runs only drop that candidate: a LAN ws:// address
      // may be blocked on an https page while a wss:// alternative in the same code still works.
      firstRefusal ??= checked.error
    } else {
      // A malformed address means the code itself is damaged or forged; trust none of it.
      return { ok: false, error: checked.error }
    }
  }
  const [url] = usable
  if (url === undefined) return { ok: false, error: firstRefusal ?? pairingErrors.missing_url() }

  const payload: SetupPayload = { url, urls: usable, bootstrapToken: data.bootstrapToken }
  if (data.expiresAtMs !== undefined) payload.expiresAtMs = data.expiresAtMs
  if (data.tlsFingerprint !== undefined) {
    // A browser cannot pin it (the confirm screen says so), but a damaged one means a damaged code, as for the gateway.
    const fingerprint = normalizeTlsFingerprint(data.tlsFingerprint)
    if (fingerprint === null) return { ok: false, error: pairingErrors.bad_fingerprint() }
    payload.tlsFingerprint = fingerprint
  }
  return { ok: true, payload }
}
