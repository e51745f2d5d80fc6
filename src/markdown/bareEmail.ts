import { safeHref } from './safeHref'

export interface EmailLink {
  start: number
  end: number
  href: string
}

const LOCAL_CHAR = /[A-Za-z0-9.+_-]/
const DOMAIN_CHAR = /[A-Za-z0-9._-]/
// Before an address: not part of a URL (`https://user@host`), another scheme (`xmpp:`), or a link's text.
const NOT_BEFORE = /[/:@[\\]/
const MAILTO = 'mailto:'

/**
 * GFM's extended e-mail autolinks: `user@example.com` and `mailto:user@example.com` in plain text, each
 * found once, left to right. Every character is looked at a bounded number of times (the scan back from
 * an `@` stops at the previous one, the scan forward at the next), so this is linear in `src`.
 */
export function findBareEmails(src: string): EmailLink[] {
  const found: EmailLink[] = []
  let floor = 0 // no address starts before this: the end of the last one, or just after the last `@`
  for (let at = src.indexOf('@'); at !== -1; at = src.indexOf('@', at + 1)) {
    let start = at
    while (start > floor && LOCAL_CHAR.test(src[start - 1]!)) start--
    let end = at + 1
    while (end < src.length && DOMAIN_CHAR.test(src[end]!)) end++
    floor = at + 1
    while (end > at + 1 && src[end - 1] === '.') end--
    const domain = src.slice(at + 1, end)
    if (start === at || !domain.includes('.') || /[-_]$/.test(domain) || domain.includes('..')) continue
    if (src.slice(start - MAILTO.length, start).toLowerCase() === MAILTO) start -= MAILTO.length
    if (start > 0 && NOT_BEFORE.test(src[start - 1]!)) continue
    const address = src.slice(start, end)
    const href = safeHref(address.toLowerCase().startsWith(MAILTO) ? address : `${MAILTO}${address}`)
    if (!href) continue
    found.push({ start, end, href })
    floor = end
  }
  return found
}
