/**
 * Every form a user may scan or paste (docs/cli/qr.md, docs/cli/connect.md, docs/platforms/android.md
 * and OpenClawKit's DeepLinkParser of the pinned gateway), through the one entry point the store uses.
 */
import { describe, expect, it } from 'vitest'
import { readPairingInput, type PairingInput } from './pairingInput'
import { encodeSetupCode } from './setupCode'

const NOW = 1_795_505_000_000
const TOKEN = 'HppyC1rAZoS_oLCIPFJWVIpb0fpx2DYYzQwP1BSenek'
const HTTP = { nowMs: NOW, pageProtocol: 'http:' }
const HTTPS = { nowMs: NOW, pageProtocol: 'https:' }
const FINGERPRINT = 'a1'.repeat(32)
const CODE = encodeSetupCode({ url: 'ws://127.0.0.1:18789', bootstrapToken: TOKEN, expiresAtMs: NOW + 600_000 })
const JOIN_SHORTCODE = 'Q2hhbmdlTWVfMTI4Yml0cw'

function b64url(text: string): string {
  let binary = ''
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
const codeOf = (payload: Record<string, unknown>) => b64url(JSON.stringify(payload))

function setup(result: PairingInput) {
  if (!result.ok || !('setup' in result)) throw new Error(`expected a setup code, got ${JSON.stringify(result)}`)
  return result.setup
}
function link(result: PairingInput) {
  if (!result.ok || !('link' in result)) throw new Error(`expected a gateway link, got ${JSON.stringify(result)}`)
  return result.link
}
function errorOf(result: PairingInput) {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result)}`)
  return result.error
}

describe('setup codes', () => {
  it('reads the bare code and the oc-pair:// link alike', () => {
    expect(setup(readPairingInput(CODE, HTTP))).toEqual(setup(readPairingInput(`oc-pair://${CODE}`, HTTP)))
    expect(setup(readPairingInput(`OC-PAIR://${CODE}/`, HTTP)).bootstrapToken).toBe(TOKEN)
  })

  it('keeps expiresAtMs and refuses a code past it', () => {
    expect(setup(readPairingInput(CODE, HTTP)).expiresAtMs).toBe(NOW + 600_000)
    expect(errorOf(readPairingInput(CODE, { ...HTTP, nowMs: NOW + 600_000 })).code).toBe('expired')
  })

  it('keeps the fallback addresses in the order of the code, primary first, without repeats', () => {
    const code = codeOf({ url: 'ws://127.0.0.1:1', urls: ['ws://192.168.1.20:18789', 'ws://127.0.0.1:1', 'wss://gw.example.com'], bootstrapToken: TOKEN })
    expect(setup(readPairingInput(code, HTTP)).urls).toEqual(['ws://127.0.0.1:1', 'ws://192.168.1.20:18789', 'wss://gw.example.com'])
  })

  it('on an https page drops only the ws:// fallbacks the browser would block, keeping the order of the rest', () => {
    const code = codeOf({ url: 'ws://192.168.1.20:18789', urls: ['wss://a.example.com', 'ws://10.0.0.2:18789', 'wss://b.example.com'], bootstrapToken: TOKEN })
    expect(setup(readPairingInput(code, HTTPS)).urls).toEqual(['wss://a.example.com', 'wss://b.example.com'])
  })

  it.each([
    ['64 hex digits', FINGERPRINT.toUpperCase()],
    ['sha256: prefix', `sha256:${FINGERPRINT}`],
    ['colon pairs', FINGERPRINT.match(/../g)!.join(':')],
  ])('normalises a tlsFingerprint given as %s', (_name, tlsFingerprint) => {
    expect(setup(readPairingInput(codeOf({ url: 'wss://gw.example.com', bootstrapToken: TOKEN, tlsFingerprint }), HTTP)).tlsFingerprint).toBe(FINGERPRINT)
  })

  it.each([
    ['too short', 'sha256:AB:CD'],
    ['not hex', 'z'.repeat(64)],
    ['SHA-1', 'ab'.repeat(20)],
    ['empty', ''],
    ['look-alike digits', '\uff11'.repeat(64)],
  ])('refuses a tlsFingerprint that is %s as a damaged code', (_name, tlsFingerprint) => {
    expect(errorOf(readPairingInput(codeOf({ url: 'wss://gw.example.com', bootstrapToken: TOKEN, tlsFingerprint }), HTTP)).code).toBe('bad_fingerprint')
  })
})

describe('openclaw://gateway deep links', () => {
  it('reads host, port, tls and token into an address and the shared token', () => {
    expect(link(readPairingInput('openclaw://gateway?host=gateway.example.com&port=8443&tls=1&token=abc', HTTPS))).toEqual({
      url: 'wss://gateway.example.com:8443',
      shared: { token: 'abc' },
    })
  })

  it('uses the apps’ default ports: 443 with tls, 18789 without', () => {
    expect(link(readPairingInput('openclaw://gateway?host=gateway.example.com&tls=1&token=t', HTTPS)).url).toBe('wss://gateway.example.com')
    expect(link(readPairingInput('openclaw://gateway?host=127.0.0.1&tls=0&token=t', HTTP)).url).toBe('ws://127.0.0.1:18789')
    expect(link(readPairingInput('openclaw://gateway?host=192.168.1.20&token=t', HTTP)).url).toBe('ws://192.168.1.20:18789')
  })

  it('takes a password when there is no token, and any case of the scheme and host', () => {
    expect(link(readPairingInput('OpenClaw://Gateway/?host=openclaw.local&password=p%20w', HTTP))).toEqual({
      url: 'ws://openclaw.local:18789',
      shared: { password: 'p w' },
    })
  })

  it('brackets an IPv6 host', () => {
    expect(link(readPairingInput('openclaw://gateway?host=::1&token=t', HTTP)).url).toBe('ws://[::1]:18789')
  })

  it('shows a look-alike host (Cyrillic “а”) as its xn-- name, never as the name it imitates', () => {
    const { url } = link(readPairingInput('openclaw://gateway?host=g\u0430teway.example.com&tls=1&token=t', HTTPS))
    expect(url).toMatch(/^wss:\/\/xn--/)
    expect(url).not.toContain('gateway.example.com')
  })

  it.each([
    ['plain ws to a public host', 'openclaw://gateway?host=attacker.example&port=18789&tls=0&token=abc', HTTP, 'insecure_public'],
    ['a prefix that only looks like loopback', 'openclaw://gateway?host=127.attacker.example&tls=0&token=abc', HTTP, 'insecure_public'],
    ['plain ws to a LAN host from an https page', 'openclaw://gateway?host=192.168.1.20&tls=0&token=abc', HTTPS, 'mixed_content'],
    ['no host', 'openclaw://gateway?port=1&token=abc', HTTP, 'bad_link'],
    ['a port out of range', 'openclaw://gateway?host=127.0.0.1&port=70000&token=abc', HTTP, 'bad_link'],
    ['a port that is not a number', 'openclaw://gateway?host=127.0.0.1&port=80a&token=abc', HTTP, 'bad_link'],
    ['full-width digits in the port', 'openclaw://gateway?host=127.0.0.1&port=\uff18\uff10&token=abc', HTTP, 'bad_link'],
    ['a tls value that is neither 1 nor 0', 'openclaw://gateway?host=127.0.0.1&tls=maybe&token=abc', HTTP, 'bad_link'],
    ['the host twice', 'openclaw://gateway?host=127.0.0.1&host=evil.example&tls=1&token=abc', HTTPS, 'bad_link'],
    ['the token twice', 'openclaw://gateway?host=127.0.0.1&token=a&token=b', HTTP, 'bad_link'],
    ['no token or password', 'openclaw://gateway?host=127.0.0.1', HTTP, 'bad_link'],
    ['credentials before the host', 'openclaw://user:pw@gateway?host=127.0.0.1&token=t', HTTP, 'bad_link'],
    ['a fragment', 'openclaw://gateway?host=127.0.0.1&token=t#x', HTTP, 'bad_link'],
    ['another route', 'openclaw://agent?message=hi', HTTP, 'bad_link'],
    ['the add route (an address, no credentials)', 'openclaw://gateway/add?url=https%3A%2F%2Fgw.example.com', HTTPS, 'bad_link'],
    ['a host with a path in it', 'openclaw://gateway?host=evil.example%2Fx&tls=1&token=t', HTTPS, 'bad_url'],
    ['a host with user info in it', 'openclaw://gateway?host=127.0.0.1%40evil.example&tls=1&token=t', HTTPS, 'bad_url'],
    ['a host encoded twice', 'openclaw://gateway?host=%2531%2532%2537.0.0.1&token=t', HTTP, 'bad_url'],
    ['an invisible character', 'openclaw://gateway?host=127.0.0.1&token=t\u200b', HTTP, 'control_characters'],
    ['more than 4096 characters', `openclaw://gateway?host=127.0.0.1&token=${'a'.repeat(5000)}`, HTTP, 'too_long'],
  ] as const)('refuses %s', (_name, text, context, code) => {
    expect(errorOf(readPairingInput(text, context)).code).toBe(code)
  })

  it('never echoes the token or password in an error', () => {
    for (const text of ['openclaw://gateway?host=attacker.example&tls=0&token=SECRET1', 'openclaw://gateway?host=x%2Fy&password=SECRET1']) {
      const error = errorOf(readPairingInput(text, HTTP))
      expect(`${error.message} ${error.fix} ${JSON.stringify(error.params)}`).not.toContain('SECRET1')
    }
  })

  it('is not recognised under a look-alike scheme (Cyrillic “о”), so it is never read as one', () => {
    const error = errorOf(readPairingInput('\u043epenclaw://gateway?host=127.0.0.1&token=t', HTTP))
    expect(error.code).toBe('not_setup_code')
  })
})

describe('join links (openclaw devices join-code)', () => {
  it.each([
    ['an https join URL', `https://gateway.example/j/${JOIN_SHORTCODE}`, 'url'],
    ['a join URL under a base path', `https://gateway.example/openclaw/j/${JOIN_SHORTCODE}`, 'url'],
    ['a loopback http join URL', `http://127.0.0.1:18789/j/${JOIN_SHORTCODE}`, 'url'],
    ['a join URL with surrounding whitespace', `  https://gateway.example/j/${JOIN_SHORTCODE}\n`, 'url'],
    ['a join URL with a mangled shortcode', 'https://gateway.example/J/short', 'url'],
    ['a bare join shortcode', JOIN_SHORTCODE, 'code'],
  ])('names %s as a join link for openclaw connect, pointing to openclaw qr', (_name, text, variant) => {
    const error = errorOf(readPairingInput(text, HTTPS))
    expect(error.code).toBe('join_link')
    expect(error.params.variant).toBe(variant)
    expect(error.message).toContain('openclaw connect')
    expect(error.fix).toContain('`openclaw qr`')
  })

  it('is never fetched: reading one opens no connection', () => {
    const opened: string[] = []
    const realFetch = globalThis.fetch
    globalThis.fetch = ((input: RequestInfo | URL) => {
      opened.push(String(input))
      return Promise.reject(new Error('no'))
    }) as typeof fetch
    try {
      readPairingInput(`https://gateway.example/j/${JOIN_SHORTCODE}`, HTTPS)
    } finally {
      globalThis.fetch = realFetch
    }
    expect(opened).toEqual([])
  })

  it.each([
    ['a web address that is not a join link', 'https://gateway.example/jobs', 'not_setup_code'],
    ['the gateway address', 'wss://gateway.example', 'not_setup_code'],
    ['a 21-character code', JOIN_SHORTCODE.slice(1), 'not_setup_code'],
    ['a 23-character code', `${JOIN_SHORTCODE}A`, 'not_json'],
  ])('does not call %s a join link', (_name, text, code) => {
    expect(errorOf(readPairingInput(text, HTTPS)).code).toBe(code)
  })
})

describe('hostile variants of the setup code forms', () => {
  it.each([
    ['a wrong scheme prefix', `oc-pairs://${CODE}`, 'not_setup_code'],
    ['a look-alike prefix (Cyrillic “о”)', `\u043ec-pair://${CODE}`, 'not_setup_code'],
    ['full-width letters in the code', CODE.replace(/[A-Za-z]/, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)), 'not_setup_code'],
    ['an oc-pair link inside an oc-pair link', `oc-pair://oc-pair://${CODE}`, 'not_setup_code'],
    ['a percent-encoded code', `oc-pair://${encodeURIComponent(`${CODE}==`)}`, 'not_setup_code'],
    ['a code encoded twice in base64url', b64url(CODE), 'not_json'],
    ['a code whose JSON holds another code', codeOf({ setupCode: CODE }), 'missing_url'],
    ['a deep link inside a setup code', b64url('openclaw://gateway?host=127.0.0.1&token=t'), 'not_json'],
    ['a huge code', `oc-pair://${'A'.repeat(10_000)}`, 'too_long'],
  ])('refuses %s', (_name, text, code) => {
    expect(errorOf(readPairingInput(text, HTTP)).code).toBe(code)
  })
})
