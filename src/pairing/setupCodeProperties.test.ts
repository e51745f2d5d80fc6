import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { extractSetupCode } from './extractSetupCode'
import { checkGatewayUrl } from './gatewayUrl'
import { isPairingErrorCode } from './pairingError'
import { parsePairingInput } from './pairingInput'
import { encodeSetupCode, parseSetupCode, type ParseResult } from './setupCode'
import { validateSetupPayload } from './setupPayload'

// parseSetupCode has a last-resort catch, so the stages are also called directly: a throw in
// them is a bug the catch would otherwise hide from these properties.

const NOW = 1_795_505_000_000
const HTTP = { nowMs: NOW, pageProtocol: 'http:' }
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

const base64urlChar = fc.constantFrom(...BASE64URL)
const token = fc.string({ unit: base64urlChar, minLength: 43, maxLength: 43 })
const octet = fc.integer({ min: 0, max: 255 })
// "ab--" prefixes are reserved for punycode (xn--), which URL would reject or rewrite.
const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/).filter((l) => l.slice(2, 4) !== '--')
const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined })
const path = fc.option(
  fc.array(fc.stringMatching(/^[A-Za-z0-9_~-]{1,8}$/), { minLength: 1, maxLength: 3 }).map((s) => `/${s.join('/')}`),
  { nil: undefined },
)

const loopbackHost = fc.oneof(
  fc.constant('localhost'),
  fc.constant('[::1]'),
  label.map((l) => `${l}.localhost`),
  fc.tuple(octet, octet, octet).map(([b, c, d]) => `127.${b}.${c}.${d}`),
)
const privateHost = fc.oneof(
  fc.tuple(octet, octet, octet).map(([b, c, d]) => `10.${b}.${c}.${d}`),
  fc.tuple(fc.integer({ min: 16, max: 31 }), octet, octet).map(([b, c, d]) => `172.${b}.${c}.${d}`),
  fc.tuple(octet, octet).map(([c, d]) => `192.168.${c}.${d}`),
  fc.tuple(octet, octet).map(([c, d]) => `169.254.${c}.${d}`),
  label.map((l) => `${l}.local`),
  label.map((l) => `${l}.tail1234.ts.net`),
)
const publicName = fc.tuple(label, label, fc.constantFrom('com', 'net', 'org', 'dev')).map((p) => p.join('.'))

const gatewayUrl = fc
  .oneof(fc.tuple(fc.constantFrom('ws', 'wss'), fc.oneof(loopbackHost, privateHost)), fc.tuple(fc.constant('wss'), publicName))
  .chain(([scheme, host]) => fc.tuple(port, path).map(([p, suffix]) => `${scheme}://${host}${p === undefined ? '' : `:${p}`}${suffix ?? ''}`))

const validPayload = fc.record(
  {
    url: gatewayUrl,
    urls: fc.array(gatewayUrl, { maxLength: 7 }),
    bootstrapToken: token,
    expiresAtMs: fc.integer({ min: NOW + 1, max: NOW + 24 * 3600_000 }),
  },
  { requiredKeys: ['url', 'bootstrapToken'] },
)

function b64url(text: string): string {
  let binary = ''
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function expectClean(result: ParseResult): void {
  if (result.ok) {
    const { payload } = result
    expect(payload.urls[0]).toBe(payload.url)
    expect(new Set(payload.urls).size).toBe(payload.urls.length)
    for (const url of payload.urls) expect(checkGatewayUrl(url, HTTP).ok).toBe(true)
    expect(payload.bootstrapToken).toMatch(/^[A-Za-z0-9_-]{16,512}$/)
    if (payload.expiresAtMs !== undefined) expect(payload.expiresAtMs).toBeGreaterThan(NOW)
  } else {
    expect(isPairingErrorCode(result.error.code)).toBe(true)
    expect(result.error.message.length).toBeGreaterThan(10)
  }
}

describe('parseSetupCode properties', () => {
  it('never throws and always returns ok or a known error, for any string', () => {
    const anyText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ unit: 'grapheme', maxLength: 100 }),
      fc.string({ unit: base64urlChar, maxLength: 400 }),
      fc.string({ unit: base64urlChar, maxLength: 200 }).map((s) => `eyJ${s}`),
      fc.string({ unit: 'binary', maxLength: 60 }).map((s) => `oc-pair://${s}`),
    )
    fc.assert(
      fc.property(anyText, (text) => {
        extractSetupCode(text)
        const result = parseSetupCode(text, HTTP)
        expectClean(result)
        expect(parsePairingInput(text, HTTP).ok).toBe(result.ok)
      }),
      { numRuns: 2000 },
    )
  })

  it('never throws for any JSON value, or any extra fields merged into a valid payload', () => {
    const json = fc.oneof(
      fc.jsonValue(),
      fc.tuple(validPayload, fc.dictionary(fc.string(), fc.jsonValue())).map(([p, extra]) => ({ ...extra, ...p })),
      fc
        .tuple(validPayload, fc.dictionary(fc.constantFrom('url', 'urls', 'bootstrapToken', 'expiresAtMs', 'tlsFingerprint'), fc.jsonValue()))
        .map(([p, overrides]) => ({ ...p, ...overrides })),
    )
    fc.assert(
      fc.property(json, (value) => {
        const text = JSON.stringify(value)
        if (text.length > 3000) return
        expectClean(validateSetupPayload(value, HTTP))
        expectClean(parseSetupCode(b64url(text), HTTP))
      }),
      { numRuns: 1000 },
    )
  })

  it('round-trips every valid payload through encodeSetupCode', () => {
    fc.assert(
      fc.property(validPayload, (payload) => {
        const result = parseSetupCode(encodeSetupCode(payload), HTTP)
        if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message} for ${payload.url}`)
        expect(result.payload.url).toBe(payload.url)
        expect(result.payload.urls).toEqual([...new Set([payload.url, ...(payload.urls ?? [])])])
        expect(result.payload.bootstrapToken).toBe(payload.bootstrapToken)
        expect(result.payload.expiresAtMs).toBe(payload.expiresAtMs)
      }),
      { numRuns: 1000 },
    )
  })

  it('round-trips as an oc-pair:// link in any case, wrapped over lines', () => {
    const prefix = fc.constantFrom('oc-pair://', 'OC-PAIR://', 'Oc-Pair://')
    const width = fc.integer({ min: 8, max: 80 })
    fc.assert(
      fc.property(validPayload, prefix, width, (payload, pre, w) => {
        const code = encodeSetupCode(payload)
        const wrapped = `  ${pre}${code.match(new RegExp(`.{1,${w}}`, 'g'))?.join('\n') ?? ''}\n`
        const result = parsePairingInput(wrapped, HTTP)
        expect(result.ok && result.payload.bootstrapToken).toBe(payload.bootstrapToken)
      }),
      { numRuns: 300 },
    )
  })

  it('a code with one character changed fails cleanly or still parses to a valid payload', () => {
    const replacement = fc.oneof(base64urlChar, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }))
    fc.assert(
      fc.property(validPayload, fc.nat(), replacement, (payload, at, ch) => {
        const code = encodeSetupCode(payload)
        const i = at % code.length
        expectClean(parseSetupCode(code.slice(0, i) + ch + code.slice(i + 1), HTTP))
      }),
      { numRuns: 2000 },
    )
  })
})
