export const LINK_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:'])
export const IMAGE_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:'])

const MAX_URL_LENGTH = 8192
// Whitespace, C0/C1 controls, and invisible or direction-changing characters. The URL parser silently
// drops tabs and newlines (so "jav\tascript:" is javascript:), and bidi marks make a link lie about
// where it goes. A URL with any of them is not one a reply needs.
const SUSPICIOUS = /[\u0000-\u0020\u007f-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/
// `//` is required after http(s): `https:evil.example` parses, but it is not how anyone writes a link.
const SCHEME = /^(?:https?:\/\/|mailto:)/i

/**
 * The normalised URL if `raw` (already unescaped and entity-decoded) is an absolute URL with an allowed
 * scheme, else null. Relative and protocol-relative URLs are refused: a reply has no base to resolve against.
 */
export function safeHref(raw: string, protocols: ReadonlySet<string> = LINK_PROTOCOLS): string | null {
  if (raw.length === 0 || raw.length > MAX_URL_LENGTH || SUSPICIOUS.test(raw) || !SCHEME.test(raw)) return null
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return null
  }
  if (!protocols.has(url.protocol)) return null
  if (url.protocol !== 'mailto:' && url.hostname === '') return null
  // NOTE: checked again on the serialised form, the exact string React will put in the attribute.
  return SCHEME.test(url.href) && !SUSPICIOUS.test(url.href) ? url.href : null
}
