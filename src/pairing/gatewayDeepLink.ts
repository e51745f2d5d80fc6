/**
 * The `openclaw://gateway?host=…&port=…&tls=1&token=…` deep link the macOS and iOS apps register
 * (OpenClawKit's DeepLinkParser): a gateway address plus the gateway's shared token or password, the
 * same two things "Enter manually" asks for. Parsed strictly: a link can come from any web page.
 */
import { checkGatewayUrl } from './gatewayUrl'
import { pairingErrors, type PairingError } from './pairingError'

export type GatewayLink = { url: string; shared: { token: string } | { password: string } }
export type DeepLinkResult = { ok: true; link: GatewayLink } | { ok: false; error: PairingError }

const LINK_SCHEME = /^\s*openclaw:/i
const PORT = /^\d{1,5}$/
// A host names a machine: letters (any script, as URL turns them into punycode), digits, dots,
// dashes, and the colons of an IPv6 address. No '%' (a second layer of encoding), '@', '/', spaces.
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[\p{L}\p{N}.-]+|[0-9A-Fa-f:.]+)$/u
const KNOWN = ['host', 'port', 'tls', 'token', 'password'] as const
// The apps' default ports (OpenClawKit's defaultGatewayPort): Serve or a proxy on 443, the gateway's own port otherwise.
const DEFAULT_PORT = { tls: 443, plain: 18789 }

/** True when the text is meant as an openclaw:// link (any case), so its errors are the link's own. */
export function looksLikeDeepLink(text: string): boolean {
  return LINK_SCHEME.test(text)
}

function parseTls(value: string | null): boolean | undefined {
  if (value === null) return false
  const v = value.trim().toLowerCase()
  if (v === '1' || v === 'true' || v === 'yes') return true
  if (v === '0' || v === 'false' || v === 'no') return false
  return undefined
}

/** Parses an openclaw://gateway link into the address and the shared secret it carries. */
export function parseGatewayDeepLink(text: string, context: { pageProtocol?: string } = {}): DeepLinkResult {
  const fail = (error: PairingError): DeepLinkResult => ({ ok: false, error })
  let link: URL
  try {
    link = new URL(text.trim())
  } catch {
    return fail(pairingErrors.bad_link('malformed'))
  }
  // openclaw://gateway parses with "gateway" as the host; anything around it (user, port, fragment) is not the apps' link.
  if (link.protocol !== 'openclaw:' || link.hostname.toLowerCase() !== 'gateway') return fail(pairingErrors.bad_link('not_gateway'))
  if (link.username || link.password || link.port || link.hash) return fail(pairingErrors.bad_link('malformed'))
  if (link.pathname === '/add') return fail(pairingErrors.bad_link('add'))
  if (link.pathname !== '' && link.pathname !== '/') return fail(pairingErrors.bad_link('not_gateway'))

  const query = link.searchParams
  if (KNOWN.some((key) => query.getAll(key).length > 1)) return fail(pairingErrors.bad_link('duplicate'))
  const host = query.get('host')?.trim() ?? ''
  if (host === '') return fail(pairingErrors.bad_link('no_host'))
  if (!HOST.test(host)) return fail(pairingErrors.bad_url('the host is not a valid host name', 'The gateway address in this link'))
  const tls = parseTls(query.get('tls'))
  if (tls === undefined) return fail(pairingErrors.bad_link('bad_tls'))
  const rawPort = query.get('port')
  const port = rawPort === null ? (tls ? DEFAULT_PORT.tls : DEFAULT_PORT.plain) : PORT.test(rawPort) ? Number(rawPort) : 0
  if (port < 1 || port > 65535) return fail(pairingErrors.bad_link('bad_port'))

  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
  let address: URL
  try {
    address = new URL(`${tls ? 'wss' : 'ws'}://${bracketed}:${port}`)
  } catch {
    return fail(pairingErrors.bad_url('the host is not a valid host name', 'The gateway address in this link'))
  }
  // The standard form (lower case, punycode, no default port) is what the confirm screen shows: a
  // look-alike host in another script shows as its xn-- name there, not as the name it imitates.
  const checked = checkGatewayUrl(`${address.protocol}//${address.host}`, { pageProtocol: context.pageProtocol })
  if (!checked.ok) return fail(checked.error)

  const token = query.get('token')?.trim()
  const password = query.get('password')
  const shared = token ? { token } : password ? { password } : undefined
  if (!shared) return fail(pairingErrors.bad_link('no_secret'))
  return { ok: true, link: { url: checked.url, shared } }
}
