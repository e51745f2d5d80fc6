import { describe, expect, it } from 'vitest'
import { parsePairingInput } from './pairingInput'
import { encodeSetupCode, parseSetupCode } from './setupCode'

const REAL_CODE =
  'eyJ1cmwiOiJ3czovLzEyNy4wLjAuMToxODc5MCIsImJvb3RzdHJhcFRva2VuIjoiSHBweUMxckFab1Nfb0xDSVBGSldWSXBiMGZweDJEWVl6UXdQMUJTZW5layIsImV4cGlyZXNBdE1zIjoxNzk1NTA1MDczNjU5fQ'
const REAL_EXPIRY = 1795505073659
const REAL_TOKEN = 'HppyC1rAZoS_oLCIPFJWVIpb0fpx2DYYzQwP1BSenek'
const NOW = REAL_EXPIRY - 5 * 60 * 1000
const ctx = { nowMs: NOW, pageProtocol: 'http:' }

function payloadOf(text: string, context = ctx) {
  const result = parsePairingInput(text, context)
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`)
  return result.payload
}

describe('parseSetupCode', () => {
  it('decodes the real code printed by openclaw 2026.9.6', () => {
    const result = parseSetupCode(REAL_CODE, ctx)
    expect(result).toEqual({
      ok: true,
      payload: {
        url: 'ws://127.0.0.1:18790',
        urls: ['ws://127.0.0.1:18790'],
        bootstrapToken: REAL_TOKEN,
        expiresAtMs: REAL_EXPIRY,
      },
    })
  })

  it('accepts the real loopback code on an https page', () => {
    expect(parseSetupCode(REAL_CODE, { nowMs: NOW, pageProtocol: 'https:' }).ok).toBe(true)
  })

  it('encodes byte-for-byte like the gateway', () => {
    expect(encodeSetupCode({ url: 'ws://127.0.0.1:18790', bootstrapToken: REAL_TOKEN, expiresAtMs: REAL_EXPIRY })).toBe(REAL_CODE)
  })

  it('round-trips through encodeSetupCode, including urls', () => {
    const input = {
      url: 'wss://gw.example.ts.net',
      urls: ['wss://gw.example.ts.net:18789', 'ws://192.168.1.10:18789/gateway'],
      bootstrapToken: REAL_TOKEN,
      expiresAtMs: NOW + 600_000,
    }
    expect(payloadOf(encodeSetupCode(input))).toEqual({
      url: input.url,
      urls: [input.url, ...input.urls],
      bootstrapToken: input.bootstrapToken,
      expiresAtMs: input.expiresAtMs,
    })
  })

  it('works without expiresAtMs', () => {
    const payload = payloadOf(encodeSetupCode({ url: 'wss://gw.example.com', bootstrapToken: REAL_TOKEN }))
    expect(payload.expiresAtMs).toBeUndefined()
    expect('expiresAtMs' in payload).toBe(false)
  })

  it('keeps tlsFingerprint, normalised as the gateway does, and ignores unknown fields', () => {
    const colons = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0').toUpperCase()).join(':')
    const json = JSON.stringify({
      url: 'wss://gw.example.com',
      bootstrapToken: REAL_TOKEN,
      tlsFingerprint: `sha256:${colons}`,
      futureField: { nested: true },
    })
    const code = btoa(json).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
    expect(payloadOf(code)).toEqual({
      url: 'wss://gw.example.com',
      urls: ['wss://gw.example.com'],
      bootstrapToken: REAL_TOKEN,
      tlsFingerprint: colons.replaceAll(':', '').toLowerCase(),
    })
  })
})

describe('oc-pair:// links', () => {
  it.each(['oc-pair://', 'OC-PAIR://', 'Oc-PaIr://', 'oC-pAIR://'])('accepts the %s prefix', (prefix) => {
    expect(payloadOf(prefix + REAL_CODE).bootstrapToken).toBe(REAL_TOKEN)
  })

  it('accepts a trailing slash after the code', () => {
    expect(payloadOf(`oc-pair://${REAL_CODE}/`).url).toBe('ws://127.0.0.1:18790')
  })

  it('parseSetupCode accepts links too, so callers cannot pick the wrong entry point', () => {
    expect(parseSetupCode(`OC-PAIR://${REAL_CODE}`, ctx).ok).toBe(true)
  })
})

describe('whitespace forgiveness', () => {
  it('trims surrounding whitespace and newlines', () => {
    expect(payloadOf(`  \n\t${REAL_CODE}\r\n  `).bootstrapToken).toBe(REAL_TOKEN)
  })

  it('joins a code wrapped over several lines', () => {
    const wrapped = REAL_CODE.match(/.{1,40}/g)?.join('\n') ?? ''
    expect(wrapped).toContain('\n')
    expect(payloadOf(wrapped).bootstrapToken).toBe(REAL_TOKEN)
  })

  it('joins a code wrapped with CRLF and indentation, as terminals and mail clients do', () => {
    const wrapped = (REAL_CODE.match(/.{1,32}/g) ?? []).join('\r\n    ')
    expect(payloadOf(wrapped).bootstrapToken).toBe(REAL_TOKEN)
  })

  it('tolerates non-breaking spaces copied from web pages', () => {
    expect(payloadOf(`\u00a0${REAL_CODE}\u00a0`).bootstrapToken).toBe(REAL_TOKEN)
  })

  it('accepts correct standard base64 padding', () => {
    const code = encodeSetupCode({ url: 'wss://a.example.com', bootstrapToken: REAL_TOKEN })
    const padded = code + '='.repeat((4 - (code.length % 4)) % 4)
    expect(padded).not.toBe(code)
    expect(payloadOf(padded).url).toBe('wss://a.example.com')
  })

  it('refuses wrong padding', () => {
    const code = encodeSetupCode({ url: 'wss://a.example.com', bootstrapToken: REAL_TOKEN })
    const wrong = code + '='.repeat(((4 - (code.length % 4)) % 4) + 1)
    const result = parsePairingInput(wrong, ctx)
    expect(result.ok ? 'ok' : result.error.code).toBe('not_setup_code')
  })
})

describe('urls candidates', () => {
  const base = { bootstrapToken: REAL_TOKEN, expiresAtMs: NOW + 60_000 }

  it('puts url first, keeps order and removes duplicates', () => {
    const code = encodeSetupCode({
      ...base,
      url: 'wss://b.example.com',
      urls: ['wss://a.example.com', 'wss://b.example.com', 'wss://c.example.com', 'wss://a.example.com'],
    })
    expect(payloadOf(code).urls).toEqual(['wss://b.example.com', 'wss://a.example.com', 'wss://c.example.com'])
  })

  it('accepts an empty urls list', () => {
    const code = encodeSetupCode({ ...base, url: 'wss://a.example.com', urls: [] })
    expect(payloadOf(code).urls).toEqual(['wss://a.example.com'])
  })

  it('drops candidates blocked on this page but keeps usable ones, first usable becomes url', () => {
    const code = encodeSetupCode({
      ...base,
      url: 'ws://192.168.1.10:18789',
      urls: ['ws://8.8.8.8:18789', 'wss://gw.tail1234.ts.net', 'ws://localhost:18789'],
    })
    const onHttps = payloadOf(code, { nowMs: NOW, pageProtocol: 'https:' })
    expect(onHttps.url).toBe('wss://gw.tail1234.ts.net')
    expect(onHttps.urls).toEqual(['wss://gw.tail1234.ts.net', 'ws://localhost:18789'])
    const onHttp = payloadOf(code, { nowMs: NOW, pageProtocol: 'http:' })
    expect(onHttp.urls).toEqual(['ws://192.168.1.10:18789', 'wss://gw.tail1234.ts.net', 'ws://localhost:18789'])
  })

  it('reports the primary address refusal when no candidate is usable', () => {
    const code = encodeSetupCode({ ...base, url: 'ws://192.168.1.10:18789', urls: ['ws://8.8.8.8'] })
    const result = parsePairingInput(code, { nowMs: NOW, pageProtocol: 'https:' })
    expect(result.ok ? 'ok' : result.error.code).toBe('mixed_content')
  })

  it('names the alternative address in bad_url messages', () => {
    const code = encodeSetupCode({ ...base, url: 'wss://a.example.com', urls: ['wss://b.example.com/?x=1'] })
    const result = parsePairingInput(code, ctx)
    expect(result.ok ? '' : result.error.message).toMatch(/^Alternative gateway address 1 is not valid: .*query/)
  })
})

describe('expiry', () => {
  it('formats the expiry as a local HH:MM time', () => {
    const result = parsePairingInput(REAL_CODE, { nowMs: REAL_EXPIRY + 60_000 })
    expect(result.ok).toBe(false)
    if (result.ok) return
    const hhmm = new Date(REAL_EXPIRY).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    expect(result.error.code).toBe('expired')
    expect(result.error.message).toBe(`This setup code expired at ${hhmm}.`)
  })

  it('adds the date for codes that expired on another day', () => {
    const result = parsePairingInput(REAL_CODE, { nowMs: REAL_EXPIRY + 3 * 24 * 3600_000 })
    expect(result.ok ? '' : result.error.message).toContain(String(new Date(REAL_EXPIRY).getFullYear()))
  })

  it('treats expiresAtMs equal to now as expired, like the gateway', () => {
    const result = parsePairingInput(REAL_CODE, { nowMs: REAL_EXPIRY })
    expect(result.ok ? 'ok' : result.error.code).toBe('expired')
  })

  it('accepts a code expiring just under 24 hours from now', () => {
    const code = encodeSetupCode({ url: 'wss://a.example.com', bootstrapToken: REAL_TOKEN, expiresAtMs: NOW + 86_400_000 })
    expect(parsePairingInput(code, ctx).ok).toBe(true)
  })
})
