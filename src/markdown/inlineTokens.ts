import type { Inline } from './ast'

/**
 * The inline scanner's flat output. Emphasis and links are resolved as marks on these tokens (which
 * opener matched which closer) and the tree is built in one pass afterwards: no token is ever moved
 * twice, which keeps the whole inline pass linear.
 */
export type Token = { kind: 'node'; node: Inline } | DelimToken | { kind: 'open'; isImage: boolean; link: LinkMark | null } | { kind: 'close' }

/** A run of `*`, `_` or `~`: a token, and while it can still match, an entry on the delimiter stack. */
export interface DelimToken {
  kind: 'delim'
  char: '*' | '_' | '~'
  length: number
  /** Characters not used by any match; they render as literal text. */
  remaining: number
  canOpen: boolean
  canClose: boolean
  /** Matches this run opens or closes (allocated on first use: most runs in hostile input have none). */
  opens?: Match[]
  closes?: Match[]
  prev: DelimToken | null
  next: DelimToken | null
}

export interface Match {
  id: number
  size: number
}

/** Set on an `open` token when its bracket became a link; href is null when the URL is not allowed. */
export interface LinkMark {
  href: string | null
  title: string | undefined
}

type Delim = DelimToken

export interface DelimStack {
  bottom: Delim
  top: Delim
  nextId: number
}

export function createDelimStack(): DelimStack {
  const bottom = createDelim('*', 0, false, false)
  return { bottom, top: bottom, nextId: 1 }
}

export function createDelim(char: DelimToken['char'], length: number, canOpen: boolean, canClose: boolean): DelimToken {
  return { kind: 'delim', char, length, remaining: length, canOpen, canClose, prev: null, next: null }
}

export function pushDelim(stack: DelimStack, delim: DelimToken): void {
  delim.prev = stack.top
  stack.top.next = delim
  stack.top = delim
}

function remove(stack: DelimStack, delim: Delim): void {
  if (delim.prev) delim.prev.next = delim.next
  if (delim.next) delim.next.prev = delim.prev
  else stack.top = delim.prev ?? stack.bottom
}

/**
 * Matches emphasis closers with openers above `floor`, then drops every delimiter above it
 * (CommonMark spec, "process emphasis", including the openers_bottom table that keeps it linear).
 */
export function processEmphasis(stack: DelimStack, floor: Delim): void {
  const openersBottom = new Map<string, Delim>()
  let closer = floor.next
  while (closer) {
    if (!closer.canClose) {
      closer = closer.next
      continue
    }
    const key = `${closer.char}${closer.canOpen ? 1 : 0}${closer.length % 3}`
    const limit = openersBottom.get(key) ?? floor
    let opener = closer.prev
    while (opener && opener !== limit && opener !== floor && !canMatch(opener, closer)) opener = opener.prev
    if (opener && opener !== limit && opener !== floor) {
      const size = closer.char === '~' ? closer.remaining : Math.min(2, opener.remaining, closer.remaining)
      const id = stack.nextId++
      ;(opener.opens ??= []).push({ id, size })
      ;(closer.closes ??= []).push({ id, size })
      opener.remaining -= size
      closer.remaining -= size
      opener.next = closer // delimiters between the two can no longer match anything
      closer.prev = opener
      if (opener.remaining === 0) remove(stack, opener)
      if (closer.remaining === 0) {
        const next = closer.next
        remove(stack, closer)
        closer = next
      }
    } else {
      openersBottom.set(key, closer.prev ?? floor)
      const next = closer.next
      if (!closer.canOpen) remove(stack, closer)
      closer = next
    }
  }
  floor.next = null
  stack.top = floor
}

function canMatch(opener: Delim, closer: Delim): boolean {
  if (opener.char !== closer.char || !opener.canOpen || opener.remaining === 0) return false
  if (closer.char === '~') return opener.length === closer.length
  // The "rule of 3": `*foo**bar*` must not pair the single with the double.
  const isOdd = (opener.canClose || closer.canOpen) && (opener.length + closer.length) % 3 === 0
  return !isOdd || (opener.length % 3 === 0 && closer.length % 3 === 0)
}
