import { pairingErrors, type InputKind, type PairingError } from './pairingError'

export type GatewayUrlContext = {
  /** `location.protocol` of the page, e.g. "https:"; defaults to the current page's. */
  pageProtocol?: string
  /** Wording of errors: a scanned setup code or an address the user typed. */
  kind?: InputKind
  /** Names the address in error messages, e.g. "Alternative gateway address 2". */
  label?: string
}

export type GatewayUrlResult = { ok: true; url: string } | { ok: false; error: PairingError }

const MAX_MANUAL_LENGTH = 4096
// C0/C1 controls and invisible format characters (zero-width, bidi overrides, BOM).
const CONTROL = /[\p{Cc}\p{Cf}]/u

/** Lowercased, URL-normalised hostname ("127.1" → "127.0.0.1", IPv6 in brackets), or null. */
function canonicalHost(host: string): string | null {
  const h = host.trim().toLowerCase()
  if (h === '' || /[\s/?#@\\]/.test(h)) return null
  const bracketed = h.includes(':') && !h.startsWith('[') ? `[${h}]` : h
  try {
    return new URL(`ws://${bracketed}`).hostname
  } catch {
    return null
  }
}

function ipv4Octets(host: string): number[] | null {
  const parts = host.split('.')
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null
  return parts.map(Number)
}

function firstIpv6Hextet(host: string): number | null {
  if (!host.startsWith('[') || !host.endsWith(']')) return null
  const first = host.slice(1, -1).split(':')[0] ?? ''
  return first === '' ? 0 : Number.parseInt(first, 16)
}

export function isLoopbackHost(host: string): boolean {
  const h = canonicalHost(host)
  if (h === null) return false
  if (h === 'localhost' || h.endsWith('.localhost') || h === '[::1]') return true
  return ipv4Octets(h)?.[0] === 127
}

export function isPrivateHost(host: string): boolean {
  if (isLoopbackHost(host)) return true
  const h = canonicalHost(host)
  if (h === null) return false
  const ip = ipv4Octets(h)
  if (ip) {
    const [a = -1, b = -1] = ip
    return (
      a === 10 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      // 100.64/10 is carrier-grade NAT space, which is where Tailscale hands out node addresses.
      (a === 100 && b >= 64 && b <= 127)
    )
  }
  const hextet = firstIpv6Hextet(h)
  if (hextet !== null) return (hextet & 0xfe00) === 0xfc00 || (hextet & 0xffc0) === 0xfe80
  // Single-label names only resolve through the local network's DNS search domain.
  if (!h.includes('.')) return true
  // *.ts.net names only resolve inside a tailnet, so ws:// to them never crosses the public
  // internet. That does not make ws:// usable from an https page: mixed-content rules still
  // apply, which is why the mixed_content check below ignores this list.
  return ['.local', '.home.arpa', '.internal', '.ts.net'].some((suffix) => h.endsWith(suffix))
}

/** protocol://host[:port][path] without the lone "/" path WHATWG URL always adds. */
function serialize(u: URL): string {
  return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`
}

/** URL drops an explicit default port (wss://host:443); such a URL is still unambiguous, so allow it. */
function withDefaultPort(u: URL): string | null {
  if (u.port !== '') return null
  const port = u.protocol === 'wss:' ? 443 : 80
  return `${u.protocol}//${u.hostname}:${port}${u.pathname === '/' ? '' : u.pathname}`
}

function currentPageProtocol(): string | undefined {
  const protocol = (globalThis as { location?: { protocol?: unknown } }).location?.protocol
  return typeof protocol === 'string' ? protocol : undefined
}

function schemeOf(raw: string): string {
  try {
    return new URL(raw).protocol
  } catch {
    // Unparseable ("http://" has no host), but the scheme alone is enough to explain the refusal.
    return /^([a-z][a-z0-9+.-]{0,30}):/i.exec(raw)?.[1]?.toLowerCase().concat(':') ?? ''
  }
}

/**
 * Accepts only the normalised form the gateway emits: ws|wss://host[:port][/path], no trailing
 * "/", query, fragment or credentials. Anything else is refused rather than repaired, because a
 * setup code that needs repairing was tampered with or mangled.
 */
export function checkGatewayUrl(url: string, context: GatewayUrlContext = {}): GatewayUrlResult {
  const kind = context.kind ?? 'setup code'
  const bad = (reason: string): GatewayUrlResult => ({
    ok: false,
    error: pairingErrors.bad_url(reason, context.label, kind),
  })
  if (/\s/.test(url) || CONTROL.test(url)) return bad('it contains spaces or invisible characters')
  const scheme = schemeOf(url)
  if (scheme !== 'ws:' && scheme !== 'wss:') {
    return { ok: false, error: pairingErrors.bad_scheme(scheme, kind) }
  }
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return bad('it could not be read as a web address')
  }
  if (u.username !== '' || u.password !== '' || url.includes('@')) {
    return bad('it must not contain a user name or password')
  }
  if (url.includes('?')) return bad('it must not contain a query (the part after "?")')
  if (url.includes('#')) return bad('it must not contain a fragment (the part after "#")')
  if (url.endsWith('/')) return bad('it must not end with "/"')
  if (serialize(u) !== url && withDefaultPort(u) !== url) {
    return bad('it is not written in the standard form ws://host:port or wss://host:port')
  }

  if (u.protocol === 'ws:') {
    if (!isPrivateHost(u.hostname)) return { ok: false, error: pairingErrors.insecure_public() }
    const page = (context.pageProtocol ?? currentPageProtocol() ?? '').toLowerCase().replace(/:$/, '')
    if (page === 'https' && !isLoopbackHost(u.hostname)) {
      return { ok: false, error: pairingErrors.mixed_content() }
    }
  }
  return { ok: true, url }
}

/** Looks like "scheme:" rather than "host:port" ("localhost:18789" has a digit after the colon). */
function hasScheme(input: string): boolean {
  return input.includes('://') || /^[a-z][a-z0-9+.-]*:(?!\d)/i.test(input)
}

/**
 * For an address the user typed: more forgiving than checkGatewayUrl about spelling (case,
 * missing scheme, one trailing "/"), equally strict about what it points at.
 */
export function parseManualGatewayUrl(input: string, context: GatewayUrlContext = {}): GatewayUrlResult {
  const ctx: GatewayUrlContext = { ...context, kind: 'gateway address' }
  if (typeof input !== 'string') return { ok: false, error: pairingErrors.empty('gateway address') }
  if (input.length > MAX_MANUAL_LENGTH) {
    return { ok: false, error: pairingErrors.too_long('gateway address', MAX_MANUAL_LENGTH) }
  }
  let text = input.trim()
  if (text === '') return { ok: false, error: pairingErrors.empty('gateway address') }
  if (CONTROL.test(text)) return { ok: false, error: pairingErrors.control_characters('gateway address') }

  if (hasScheme(text)) {
    const scheme = schemeOf(text)
    if (scheme === 'http:' || scheme === 'https:') {
      const ws = scheme === 'https:' ? 'wss' : 'ws'
      const suggestion = `Gateways speak WebSocket: if the gateway is at ${scheme}//…, enter ${ws}://… instead.`
      return { ok: false, error: pairingErrors.bad_scheme(scheme, 'gateway address', suggestion) }
    }
    if (scheme !== 'ws:' && scheme !== 'wss:') return checkGatewayUrl(text, ctx)
  } else {
    let hostname: string
    try {
      hostname = new URL(`ws://${text}`).hostname
    } catch {
      return { ok: false, error: pairingErrors.bad_url('it is not a valid host name and port', undefined, ctx.kind) }
    }
    text = `${isLoopbackHost(hostname) ? 'ws' : 'wss'}://${text}`
  }
  if (text.endsWith('/')) text = text.slice(0, -1)

  // Normalise case and IP spelling, but let checkGatewayUrl see (and explain) anything that
  // normalising would silently drop or rewrite: credentials, query, fragment, whitespace.
  let candidate = text
  if (!/[\s@?#]/.test(text) && !text.endsWith('/')) {
    try {
      candidate = serialize(new URL(text))
    } catch {
      // checkGatewayUrl explains why it cannot be parsed.
    }
  }
  return checkGatewayUrl(candidate, ctx)
}

/** "wss://host:18789/x" → "wss://host/x", for retrying behind Tailscale Serve (which listens on 443). */
export function withoutPort(url: string): string | null {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return null
  }
  if (u.port === '') return null
  u.port = ''
  return serialize(u)
}
