/**
 * Recognises what `openclaw devices join-code` makes: a join URL `https://<gateway>/j/<shortcode>`
 * (or its bare 22-character shortcode). That artifact enrolls a headless node host with
 * `openclaw connect`; it is not a mobile setup code. The app only names it: the gateway redeems a
 * join URL on its first fetch, so nothing here ever requests it.
 */

/** The shortcode's shape in the gateway (src/pairing/join-code.ts): 128 bits as 22 base64url characters. */
const JOIN_SHORTCODE = /^[A-Za-z0-9_-]{22}$/
/** The gateway's own test (connect-cli): the last path segment after `j/`. Case-insensitive here, to name even a mangled copy. */
const JOIN_PATH = /(?:^|\/)j\/[^/]*\/?$/i
const WEB_SCHEME = /^\s*https?:\/\//i

export type JoinLinkKind = 'url' | 'code'

/** 'url' for a join URL, 'code' for a bare shortcode, undefined for anything else. */
export function recognizeJoinLink(text: string): JoinLinkKind | undefined {
  const trimmed = text.trim()
  if (JOIN_SHORTCODE.test(trimmed)) return 'code'
  if (!WEB_SCHEME.test(trimmed)) return undefined
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    return undefined
  }
  return JOIN_PATH.test(url.pathname) ? 'url' : undefined
}
