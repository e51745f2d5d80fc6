import { describe, expect, it } from 'vitest'
import { PairingErrorCode, type PairingError } from './pairingError'
import { parsePairingInput } from './pairingInput'
import { parseSetupCode } from './setupCode'

const NOW = 1_795_505_000_000
const TOKEN = 'HppyC1rAZoS_oLCIPFJWVIpb0fpx2DYYzQwP1BSenek'
const HTTP = { nowMs: NOW, pageProtocol: 'http:' }
const HTTPS = { nowMs: NOW, pageProtocol: 'https:' }

function b64url(text: string): string {
  const bytes = new TextEncoder().encode(text)
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
const json = (value: unknown) => b64url(JSON.stringify(value))
const valid = { url: 'ws://127.0.0.1:18790', bootstrapToken: TOKEN, expiresAtMs: NOW + 600_000 }
const withFields = (fields: Record<string, unknown>) => json({ ...valid, ...fields })
const withUrl = (url: unknown) => withFields({ url })
const without = (key: string) => json(Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key)))
const VALID = json(valid)

type Case = [name: string, input: string, expected: PairingErrorCode | 'ok', context?: typeof HTTP]

const cases: Case[] = [
  // Input-level
  ['empty string', '', 'empty'],
  ['only whitespace', ' \n\t\r\n ', 'empty'],
  ['1 MB of text', 'A'.repeat(1024 * 1024), 'too_long'],
  ['4097 characters', 'A'.repeat(4097), 'too_long'],
  ['1 MB of whitespace', ' '.repeat(1024 * 1024), 'too_long'],
  ['NUL byte', `${VALID}\u0000`, 'control_characters'],
  ['BEL', `\u0007${VALID}`, 'control_characters'],
  ['ANSI colour escape', `\u001b[31m${VALID}\u001b[0m`, 'control_characters'],
  ['zero-width space inside', `${VALID.slice(0, 10)}\u200b${VALID.slice(10)}`, 'control_characters'],
  ['bidi override', `\u202e${VALID}`, 'control_characters'],
  ['byte order mark', `\ufeff${VALID}`, 'control_characters'],
  ['DEL', `${VALID}\u007f`, 'control_characters'],
  // Not base64url
  ['punctuation', '!!!', 'not_setup_code'],
  ['sentence with punctuation', 'my setup code, please', 'not_setup_code'],
  ['words with spaces join to an impossible length', 'paste the setup code here', 'not_setup_code'],
  ['words with spaces join to valid base64 but garbage', 'my setup code', 'not_json'],
  ['unicode letters', 'ëÿJ1cmwiOiJ3', 'not_setup_code'],
  ['emoji', '🔑🔑🔑🔑', 'not_setup_code'],
  ['standard base64 alphabet (+ and /)', btoa('{"url":"ws://a?>"}'), 'not_setup_code'],
  ['single character', 'e', 'not_setup_code'],
  ['only padding', '====', 'not_setup_code'],
  ['padding in the middle', `${VALID.slice(0, 8)}==${VALID.slice(8)}`, 'not_setup_code'],
  ['percent-encoded', encodeURIComponent(`${VALID}+/`), 'not_setup_code'],
  // Links
  ['oc-pair:// with nothing after', 'oc-pair://', 'not_setup_code'],
  ['oc-pair:/// with only a slash', 'oc-pair:///', 'not_setup_code'],
  ['oc-pair:// plus garbage', 'oc-pair://<script>alert(1)</script>', 'not_setup_code'],
  ['OC-PAIR:// plus a valid code', `OC-PAIR://${VALID}`, 'ok'],
  ['double prefix', `oc-pair://oc-pair://${VALID}`, 'not_setup_code'],
  ['oc-pair: without slashes', `oc-pair:${VALID}`, 'not_setup_code'],
  ['link with a query', `oc-pair://${VALID}?x=1`, 'not_setup_code'],
  ['a pasted gateway URL instead of a code', 'wss://gateway.example.com', 'not_setup_code'],
  // Decodes, but not JSON
  ['not JSON', b64url('hello, world'), 'not_json'],
  ['truncated JSON', VALID.slice(0, 40), 'not_json'],
  ['invalid UTF-8', btoa('\u00ff\u00fe{}').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), 'not_json'],
  ['JSON with trailing junk', b64url(`${JSON.stringify(valid)}x`), 'not_json'],
  // JSON, but not an object
  ['JSON array', json([valid]), 'wrong_shape'],
  ['JSON null', json(null), 'wrong_shape'],
  ['JSON number', json(42), 'wrong_shape'],
  ['JSON string', json(VALID), 'wrong_shape'],
  ['JSON boolean', json(true), 'wrong_shape'],
  // Missing fields
  ['missing url', without('url'), 'missing_url'],
  ['empty url', withUrl(''), 'missing_url'],
  ['empty object', json({}), 'missing_url'],
  ['missing token', without('bootstrapToken'), 'missing_token'],
  ['empty token', withFields({ bootstrapToken: '' }), 'missing_token'],
  // Wrong types
  ['url is a number', withUrl(18789), 'wrong_types'],
  ['url is an object', withUrl({ href: 'ws://127.0.0.1' }), 'wrong_types'],
  ['url is null', withUrl(null), 'wrong_types'],
  ['urls is a string', withFields({ urls: 'ws://127.0.0.1:1' }), 'wrong_types'],
  ['urls contains a number', withFields({ urls: ['ws://127.0.0.1:1', 5] }), 'wrong_types'],
  ['token is a number', withFields({ bootstrapToken: 12345678901234567000 }), 'wrong_types'],
  ['token is an array', withFields({ bootstrapToken: [TOKEN] }), 'wrong_types'],
  ['expiresAtMs is "soon"', withFields({ expiresAtMs: 'soon' }), 'wrong_types'],
  ['expiresAtMs is null', withFields({ expiresAtMs: null }), 'wrong_types'],
  ['tlsFingerprint is a number', withFields({ tlsFingerprint: 1 }), 'wrong_types'],
  ['tlsFingerprint is not SHA-256', withFields({ tlsFingerprint: 'sha256:AB:CD' }), 'bad_fingerprint'],
  // Bad token
  ['token with spaces', withFields({ bootstrapToken: `${TOKEN.slice(0, 20)} ${TOKEN.slice(21)}` }), 'bad_token'],
  ['token with + and /', withFields({ bootstrapToken: `${TOKEN.slice(0, 40)}+/=` }), 'bad_token'],
  ['token too short', withFields({ bootstrapToken: 'abc' }), 'bad_token'],
  ['token too long', withFields({ bootstrapToken: 'a'.repeat(513) }), 'bad_token'],
  ['token with unicode', withFields({ bootstrapToken: `${TOKEN.slice(0, 42)}é` }), 'bad_token'],
  ['token with a newline', withFields({ bootstrapToken: `${TOKEN}\n` }), 'bad_token'],
  // Bad schemes
  ['javascript: url', withUrl('javascript:alert(1)'), 'bad_scheme'],
  ['http:// with no host', withUrl('http://'), 'bad_scheme'],
  ['http:// url', withUrl('http://192.168.1.10:18789'), 'bad_scheme'],
  ['https:// url', withUrl('https://gateway.example.com'), 'bad_scheme'],
  ['file:///etc/passwd', withUrl('file:///etc/passwd'), 'bad_scheme'],
  ['data: url', withUrl('data:text/html,<script>alert(1)</script>'), 'bad_scheme'],
  ['host:port without scheme', withUrl('127.0.0.1:18790'), 'bad_scheme'],
  ['urls with a javascript: entry', withFields({ urls: ['ws://127.0.0.1:1', 'javascript:alert(1)'] }), 'bad_scheme'],
  // Malformed URLs
  ['credentials in url', withUrl('ws://user:pw@127.0.0.1:18790'), 'bad_url'],
  ['user name only in url', withUrl('ws://user@127.0.0.1:18790'), 'bad_url'],
  ['query in url', withUrl('ws://127.0.0.1:18790?token=x'), 'bad_url'],
  ['empty query in url', withUrl('ws://127.0.0.1:18790?'), 'bad_url'],
  ['fragment in url', withUrl('ws://127.0.0.1:18790#frag'), 'bad_url'],
  ['trailing slash', withUrl('ws://127.0.0.1:18790/'), 'bad_url'],
  ['trailing slash after path', withUrl('ws://127.0.0.1:18790/gw/'), 'bad_url'],
  ['whitespace in url', withUrl('ws://127.0.0.1:18790 '), 'bad_url'],
  ['newline in url', withUrl('ws://127.0.\n0.1:18790'), 'bad_url'],
  ['NUL in url', withUrl('ws://127.0.0.1\u0000:18790'), 'bad_url'],
  ['port out of range', withUrl('ws://127.0.0.1:99999'), 'bad_url'],
  ['no host', withUrl('ws://'), 'bad_url'],
  ['upper-case scheme (not normalised)', withUrl('WS://127.0.0.1:18790'), 'bad_url'],
  ['shorthand IPv4 (not normalised)', withUrl('ws://127.1:18790'), 'bad_url'],
  ['backslashes', withUrl('ws:\\\\127.0.0.1:18790'), 'bad_url'],
  ['bad url among urls', withFields({ urls: ['ws://127.0.0.1:1?x'] }), 'bad_url'],
  // Where the URL points
  ['ws:// to public IP 8.8.8.8', withUrl('ws://8.8.8.8:18789'), 'insecure_public'],
  ['ws:// to example.com', withUrl('ws://example.com'), 'insecure_public'],
  ['ws:// to 172.32.0.1 (just outside 172.16/12)', withUrl('ws://172.32.0.1:18789'), 'insecure_public'],
  ['ws:// to localhost. (trailing dot is a different name)', withUrl('ws://localhost.:18789'), 'insecure_public'],
  ['wss://example.com', withUrl('wss://example.com'), 'ok'],
  ['wss://example.com on https', withUrl('wss://example.com:8443/gw'), 'ok', HTTPS],
  ['ws://192.168.1.10:18789 on an http page', withUrl('ws://192.168.1.10:18789'), 'ok', HTTP],
  ['ws://192.168.1.10:18789 on an https page', withUrl('ws://192.168.1.10:18789'), 'mixed_content', HTTPS],
  ['ws:// to a tailnet name on an https page', withUrl('ws://gw.tail1234.ts.net:18789'), 'mixed_content', HTTPS],
  ['ws://localhost on an https page', withUrl('ws://localhost:18789'), 'ok', HTTPS],
  ['ws://[::1] on an https page', withUrl('ws://[::1]:18789'), 'ok', HTTPS],
  // Expiry
  ['expired', withFields({ expiresAtMs: NOW - 1 }), 'expired'],
  ['expiresAtMs = 1e20', withFields({ expiresAtMs: 1e20 }), 'absurd_expiry'],
  ['expiresAtMs = -5', withFields({ expiresAtMs: -5 }), 'absurd_expiry'],
  ['expiresAtMs = 0', withFields({ expiresAtMs: 0 }), 'absurd_expiry'],
  ['expiresAtMs = 1.5', withFields({ expiresAtMs: 1.5 }), 'absurd_expiry'],
  ['expiresAtMs a year ahead', withFields({ expiresAtMs: NOW + 365 * 86_400_000 }), 'absurd_expiry'],
  ['expiresAtMs in seconds, not ms', withFields({ expiresAtMs: Math.floor(NOW / 1000) + 600 }), 'expired'],
  // urls list
  ['urls with 9 entries', withFields({ urls: Array.from({ length: 9 }, (_, i) => `ws://127.0.0.1:${i + 1}`) }), 'too_many_urls'],
  ['urls with 300 entries', withFields({ urls: Array.from({ length: 300 }, () => 'ws://a') }), 'too_many_urls'],
  ['urls with 8 entries', withFields({ urls: Array.from({ length: 8 }, (_, i) => `ws://127.0.0.1:${i + 1}`) }), 'ok'],
  // Prototype games must neither throw nor leak through.
  ['__proto__ key', b64url(`{"__proto__":{"url":"ws://127.0.0.1:1"},"bootstrapToken":"${TOKEN}"}`), 'missing_url'],
  ['constructor key', withFields({ constructor: { prototype: { polluted: true } } }), 'ok'],
]

function codeOf(result: ReturnType<typeof parseSetupCode>): PairingErrorCode | 'ok' {
  return result.ok ? 'ok' : result.error.code
}

describe('hostile setup codes', () => {
  it('has a big enough table', () => {
    expect(cases.length).toBeGreaterThanOrEqual(45)
    expect(new Set(cases.map(([name]) => name)).size).toBe(cases.length)
  })

  const rows = cases.map(([name, input, expected, context = HTTP]) => ({ name, input, expected, context }))
  it.each(rows)('$name → $expected', ({ input, expected, context }) => {
    const result = parsePairingInput(input, context)
    expect(codeOf(result)).toBe(expected)
    expect(codeOf(parseSetupCode(input, context))).toBe(expected)
    if (!result.ok) {
      expect(result.error.name).toBe('PairingError')
      expect(result.error.message.trim().length).toBeGreaterThan(10)
      expect(result.error.message).toMatch(/\.$/)
      expect(result.error.message).not.toContain(TOKEN)
    }
  })

  it('never pollutes Object.prototype', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(({} as Record<string, unknown>).url).toBeUndefined()
  })

  it('names the offending field in wrong_types messages', () => {
    const result = parsePairingInput(withFields({ expiresAtMs: 'soon' }), HTTP)
    expect(result.ok ? '' : result.error.message).toContain('"expiresAtMs"')
    const inList = parsePairingInput(withFields({ urls: ['ws://127.0.0.1:1', 5] }), HTTP)
    expect(inList.ok ? '' : inList.error.message).toContain('"urls[1]"')
  })

  it('names the scheme in bad_scheme messages', () => {
    const result = parsePairingInput(withUrl('https://gateway.example.com'), HTTP)
    expect(result.ok ? '' : result.error.message).toBe('Gateway addresses start with ws:// or wss://; this setup code has "https:".')
  })

  it('never echoes credentials from a URL', () => {
    const result = parsePairingInput(withUrl('ws://alice:hunter2@127.0.0.1:18790'), HTTP)
    expect(result.ok ? '' : `${result.error.message} ${result.error.fix ?? ''}`).not.toMatch(/alice|hunter2/)
  })

  it('gives every error code a message that no other code uses', () => {
    const messagesByCode = new Map<string, Set<string>>()
    for (const [, input, , context = HTTP] of cases) {
      const result = parsePairingInput(input, context)
      if (result.ok) continue
      const set = messagesByCode.get(result.error.code) ?? new Set<string>()
      set.add(result.error.message)
      messagesByCode.set(result.error.code, set)
    }
    const owner = new Map<string, string>()
    for (const [code, messages] of messagesByCode) {
      for (const message of messages) {
        expect(owner.get(message) ?? code, `"${message}" is shared`).toBe(code)
        owner.set(message, code)
      }
    }
    // Join links and deep links are not setup codes: everyCode.test.ts covers their errors.
    const setupCodes = Object.values(PairingErrorCode).filter((c) => !/^camera_|^no_qr|^decoder_|^join_link$|^bad_link$/.test(c))
    expect([...messagesByCode.keys()].sort()).toEqual([...setupCodes].sort())
  })

  it('exposes a fix for errors the user can act on', () => {
    const errors: PairingError[] = []
    for (const [, input, , context = HTTP] of cases) {
      const result = parsePairingInput(input, context)
      if (!result.ok) errors.push(result.error)
    }
    for (const error of errors) expect(error.fix ?? '', error.code).not.toBe('')
    const insecure = errors.find((e) => e.code === 'insecure_public')
    expect(insecure?.fix).toMatch(/wss:\/\/.*Tailscale Serve/)
    const mixed = errors.find((e) => e.code === 'mixed_content')
    expect(mixed?.message).toMatch(/mixed content/)
    expect(mixed?.fix).toMatch(/wss:\/\/.*Tailscale Serve/)
  })
})
