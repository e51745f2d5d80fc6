import { describe, expect, it } from 'vitest'
import { checkGatewayUrl, isLoopbackHost, isPrivateHost, parseManualGatewayUrl, withoutPort } from './gatewayUrl'

const HTTP = { pageProtocol: 'http:' }
const HTTPS = { pageProtocol: 'https:' }

describe('isLoopbackHost / isPrivateHost', () => {
  const table: [host: string, loopback: boolean, isPrivate: boolean][] = [
    ['localhost', true, true],
    ['LOCALHOST', true, true],
    ['app.localhost', true, true],
    ['127.0.0.1', true, true],
    ['127.255.255.254', true, true],
    ['127.1', true, true],
    ['::1', true, true],
    ['[::1]', true, true],
    ['[0:0:0:0:0:0:0:1]', true, true],
    ['10.0.0.1', false, true],
    ['10.255.255.255', false, true],
    ['172.16.0.1', false, true],
    ['172.31.255.255', false, true],
    ['172.15.0.1', false, false],
    ['172.32.0.1', false, false],
    ['192.168.1.10', false, true],
    ['192.169.1.10', false, false],
    ['169.254.10.20', false, true],
    ['100.101.102.103', false, true], // Tailscale (CGNAT) address
    ['100.128.0.1', false, false],
    ['[fd7a:115c:a1e0::1]', false, true],
    ['fc00::1', false, true],
    ['[fe80::1]', false, true],
    ['[febf::1]', false, true],
    ['[fec0::1]', false, false],
    ['[2001:4860:4860::8888]', false, false],
    ['[::ffff:8.8.8.8]', false, false],
    ['printer.local', false, true],
    ['gateway.tail1234.ts.net', false, true],
    ['nas.home.arpa', false, true],
    ['gateway', false, true],
    ['8.8.8.8', false, false],
    ['1.1.1.1', false, false],
    ['example.com', false, false],
    ['localhost.example.com', false, false],
    ['evil-localhost', false, true],
    ['local', false, true],
    ['notts.net', false, false],
    ['0.0.0.0', false, false],
    ['', false, false],
    ['evil.com/@127.0.0.1', false, false],
    ['127.0.0.1.evil.com', false, false],
  ]

  it.each(table)('%s → loopback %s, private %s', (host, loopback, isPrivate) => {
    expect(isLoopbackHost(host)).toBe(loopback)
    expect(isPrivateHost(host)).toBe(isPrivate)
  })
})

describe('checkGatewayUrl', () => {
  it.each([
    ['ws://127.0.0.1:18789', HTTP, 'ok'],
    ['ws://localhost:18789/gateway', HTTPS, 'ok'],
    ['wss://gw.example.com', HTTPS, 'ok'],
    ['wss://gw.example.com:443', HTTPS, 'ok'],
    ['ws://192.168.1.10:18789', HTTP, 'ok'],
    ['ws://192.168.1.10:18789', HTTPS, 'mixed_content'],
    ['ws://192.168.1.10:18789', { pageProtocol: 'HTTPS' }, 'mixed_content'],
    ['ws://example.com', HTTP, 'insecure_public'],
    ['ws://example.com', HTTPS, 'insecure_public'],
    ['ws://[2001:db8::1]:18789', HTTP, 'insecure_public'],
    ['https://gw.example.com', HTTP, 'bad_scheme'],
    ['WSS://gw.example.com', HTTP, 'bad_url'],
    ['wss://GW.example.com', HTTP, 'bad_url'],
    ['wss://gw.example.com/', HTTP, 'bad_url'],
    ['wss://gw.example.com/a/../b', HTTP, 'bad_url'],
  ] as const)('%s on %o → %s', (url, context, expected) => {
    const result = checkGatewayUrl(url, context)
    expect(result.ok ? 'ok' : result.error.code).toBe(expected)
  })

  it('returns the address unchanged when it is valid', () => {
    expect(checkGatewayUrl('wss://gw.example.com:8443/x', HTTPS)).toEqual({ ok: true, url: 'wss://gw.example.com:8443/x' })
  })
})

describe('parseManualGatewayUrl', () => {
  it.each([
    ['gateway.example.com', HTTPS, 'wss://gateway.example.com'],
    ['gateway.example.com:18789', HTTPS, 'wss://gateway.example.com:18789'],
    ['  gateway.example.com:18789/  ', HTTPS, 'wss://gateway.example.com:18789'],
    ['localhost:18789', HTTPS, 'ws://localhost:18789'],
    ['localhost', HTTP, 'ws://localhost'],
    ['127.0.0.1:18789', HTTP, 'ws://127.0.0.1:18789'],
    ['[::1]:18789', HTTPS, 'ws://[::1]:18789'],
    ['192.168.1.10:18789', HTTPS, 'wss://192.168.1.10:18789'],
    ['gw.tail1234.ts.net', HTTPS, 'wss://gw.tail1234.ts.net'],
    ['ws://192.168.1.10:18789/', HTTP, 'ws://192.168.1.10:18789'],
    ['WSS://Gateway.Example.COM/Path', HTTPS, 'wss://gateway.example.com/Path'],
    ['wss://gateway.example.com:443', HTTPS, 'wss://gateway.example.com'],
    ['gateway.example.com/openclaw', HTTPS, 'wss://gateway.example.com/openclaw'],
  ] as const)('%s on %o → %s', (input, context, expected) => {
    expect(parseManualGatewayUrl(input, context)).toEqual({ ok: true, url: expected })
  })

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['x'.repeat(5000), 'too_long'],
    ['gateway\u0000.example.com', 'control_characters'],
    ['http://192.168.1.10:18789', 'bad_scheme'],
    ['https://gateway.example.com', 'bad_scheme'],
    ['javascript:alert(1)', 'bad_scheme'],
    ['ftp://gateway.example.com', 'bad_scheme'],
    ['ws://example.com:18789', 'insecure_public'],
    ['ws://192.168.1.10:18789', 'mixed_content'],
    ['wss://user:pw@gateway.example.com', 'bad_url'],
    ['wss://gateway.example.com?x=1', 'bad_url'],
    ['wss://gateway.example.com#x', 'bad_url'],
    ['wss://gateway.example.com//', 'bad_url'],
    ['gateway example.com', 'bad_url'],
    ['gateway.example.com:99999', 'bad_url'],
    ['wss://', 'bad_url'],
  ] as const)('%j → %s', (input, expected) => {
    const result = parseManualGatewayUrl(input, HTTPS)
    expect(result.ok ? 'ok' : result.error.code).toBe(expected)
  })

  it('explains http:// and suggests the WebSocket form', () => {
    const result = parseManualGatewayUrl('https://gateway.example.com', HTTPS)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.message).toBe('Gateway addresses start with ws:// or wss://; this address has "https:".')
    expect(result.error.fix).toContain('wss://')
  })

  it('words its errors for typed addresses, not setup codes', () => {
    const result = parseManualGatewayUrl('', HTTPS)
    expect(result.ok ? '' : result.error.message).toMatch(/gateway address/)
  })
})

describe('withoutPort', () => {
  it.each([
    ['wss://host:18789/x', 'wss://host/x'],
    ['wss://gw.tail1234.ts.net:18789', 'wss://gw.tail1234.ts.net'],
    ['ws://[::1]:18789/a/b', 'ws://[::1]/a/b'],
    ['wss://host', null],
    ['wss://host:443', null],
    ['wss://host/x', null],
    ['not a url', null],
  ])('%s → %s', (url, expected) => {
    expect(withoutPort(url)).toBe(expected)
  })
})
