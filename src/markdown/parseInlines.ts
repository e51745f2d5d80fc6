import type { Inline, Notes, Refs } from './ast'
import { findBareEmails } from './bareEmail'
import { buildInlineTree } from './buildInlineTree'
import { ENTITY, decodeEntityMatch, isAsciiPunctuation } from './entities'
import { createDelim, createDelimStack, processEmphasis, pushDelim, type DelimToken, type Token } from './inlineTokens'
import { parseLinkTail, parseLinkLabel, normalizeLabel, MAX_LABEL_LENGTH } from './linkSyntax'
import { IMAGE_PROTOCOLS, LINK_PROTOCOLS, safeHref } from './safeHref'

const URI_AUTOLINK = /<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\u0000-\u0020]*)>/y
const EMAIL_AUTOLINK = /<([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9][A-Za-z0-9.-]*)>/y
const SPECIAL = new Set(['\\', '`', '*', '_', '~', '[', ']', '!', '<', '&', '\n', 'h', 'w'])
const WHITESPACE = /\s/
const MAYBE_MARKUP = /[\\`*_~[\]<&\n@]|https?:\/\/|www\./
const PUNCTUATION = /[\p{P}\p{S}]/u

interface Bracket {
  tokenIndex: number
  isImage: boolean
  floor: DelimToken
  textStart: number
}

/**
 * Parses inline Markdown (CommonMark plus GFM strikethrough and bare URLs) into a tree. Raw HTML is not
 * a construct here: `<` is plain text unless it starts an autolink. Runs in time linear in `src`.
 */
export function parseInlines(src: string, refs: Refs, notes: Notes = new Map()): Inline[] {
  // Most table cells and many paragraphs are plain text: skip the machinery for them.
  if (!MAYBE_MARKUP.test(src)) return src ? [{ type: 'text', text: src }] : []
  const tokens: Token[] = []
  const delims = createDelimStack()
  const brackets: Bracket[] = []
  let linkFloor = 0 // bracket openers below this index can no longer become links (no links in links)
  let codeRuns: Map<number, { at: number[]; next: number }> | undefined
  let plainFrom = 0
  let noUrlBefore = 0 // a failed bare URL ends here; no new one is tried inside it (keeps this linear)
  const emails = src.includes('@') ? findBareEmails(src) : []
  let nextEmail = 0
  let note: string | undefined
  let i = 0

  const flush = (end: number) => {
    if (end > plainFrom) tokens.push({ kind: 'node', node: { type: 'text', text: src.slice(plainFrom, end) } })
  }
  const emit = (node: Inline, end: number) => {
    flush(i)
    tokens.push({ kind: 'node', node })
    i = plainFrom = end
  }

  while (i < src.length) {
    while (nextEmail < emails.length && emails[nextEmail]!.start < i) nextEmail++ // skipped: inside code or a link
    const email = emails[nextEmail]
    if (email?.start === i) {
      emit({ type: 'link', href: email.href, title: undefined, children: [{ type: 'text', text: src.slice(i, email.end) }] }, email.end)
      continue
    }
    const c = src[i]!
    if (!SPECIAL.has(c)) {
      i++
      continue
    }
    if (c === '\\') {
      if (src[i + 1] === '\n') emit({ type: 'br' }, i + 2)
      else if (isAsciiPunctuation(src[i + 1])) emit({ type: 'text', text: src[i + 1]! }, i + 2)
      else i++
    } else if (c === '\n') {
      // Replies are chat text: a single newline is a line break (as in OpenClaw's own web chat).
      let end = i
      while (end > plainFrom && (src[end - 1] === ' ' || src[end - 1] === '\t')) end--
      flush(end)
      plainFrom = i
      emit({ type: 'br' }, i + 1)
    } else if (c === '`') {
      let end = i
      while (src[end] === '`') end++
      const length = end - i
      codeRuns ??= findCodeRuns(src)
      const runs = codeRuns.get(length)
      while (runs && runs.next < runs.at.length && runs.at[runs.next]! < end) runs.next++
      const close = runs?.at[runs.next]
      if (close === undefined) i = end
      else emit({ type: 'code', text: codeSpanText(src.slice(end, close)) }, close + length)
    } else if (c === '*' || c === '_' || c === '~') {
      let end = i
      while (src[end] === c) end++
      const length = end - i
      const before = i === 0 ? ' ' : src[i - 1]!
      const after = end >= src.length ? ' ' : src[end]!
      const isLeft = !WHITESPACE.test(after) && (!PUNCTUATION.test(after) || WHITESPACE.test(before) || PUNCTUATION.test(before))
      const isRight = !WHITESPACE.test(before) && (!PUNCTUATION.test(before) || WHITESPACE.test(after) || PUNCTUATION.test(after))
      if (c === '~' && length > 2) {
        i = end
        continue
      }
      flush(i)
      const canOpen = c === '_' ? isLeft && (!isRight || PUNCTUATION.test(before)) : isLeft
      const canClose = c === '_' ? isRight && (!isLeft || PUNCTUATION.test(after)) : isRight
      const delim = createDelim(c, length, canOpen, canClose)
      tokens.push(delim)
      pushDelim(delims, delim)
      i = plainFrom = end
    } else if (c === '[' && src[i + 1] === '^' && notes.size > 0 && (note = footnoteAt(src, i, notes)) !== undefined) {
      emit({ type: 'footnoteRef', label: note }, i + note.length + 3)
    } else if (c === '[' || (c === '!' && src[i + 1] === '[')) {
      const isImage = c === '!'
      flush(i)
      tokens.push({ kind: 'open', isImage, link: null })
      brackets.push({ tokenIndex: tokens.length - 1, isImage, floor: delims.top, textStart: i + (isImage ? 2 : 1) })
      i = plainFrom = i + (isImage ? 2 : 1)
    } else if (c === ']') {
      const opener = brackets.pop()
      const isActive = opener && (opener.isImage || brackets.length >= linkFloor)
      linkFloor = Math.min(linkFloor, brackets.length)
      const target = isActive ? linkTarget(src, i, opener.textStart, refs) : null
      if (!opener || !target) {
        i++
        continue
      }
      flush(i)
      processEmphasis(delims, opener.floor)
      const open = tokens[opener.tokenIndex]
      const href = safeHref(target.dest, opener.isImage ? IMAGE_PROTOCOLS : LINK_PROTOCOLS)
      if (open?.kind === 'open') open.link = { href, title: target.title }
      tokens.push({ kind: 'close' })
      if (!opener.isImage) linkFloor = brackets.length
      i = plainFrom = target.end
    } else if (c === '<') {
      URI_AUTOLINK.lastIndex = EMAIL_AUTOLINK.lastIndex = i
      const uri = URI_AUTOLINK.exec(src)
      const email = uri ? null : EMAIL_AUTOLINK.exec(src)
      const match = uri ?? email
      const href = uri ? safeHref(uri[1]!) : email ? safeHref(`mailto:${email[1]}`) : null
      if (match && href) emit({ type: 'link', href, title: undefined, children: [{ type: 'text', text: match[1]! }] }, i + match[0].length)
      else i++
    } else if (c === '&') {
      ENTITY.lastIndex = i
      const match = ENTITY.exec(src)
      const text = match ? decodeEntityMatch(match) : undefined
      if (match && text !== undefined) emit({ type: 'text', text }, i + match[0].length)
      else i++
    } else {
      const url = i >= noUrlBefore ? bareUrl(src, i) : 0
      if (typeof url !== 'number') {
        emit({ type: 'link', href: url.href, title: undefined, children: [{ type: 'text', text: url.text }] }, i + url.text.length)
      } else {
        noUrlBefore = Math.max(noUrlBefore, url)
        i++
      }
    }
  }
  flush(src.length)
  processEmphasis(delims, delims.bottom)
  return buildInlineTree(tokens)
}

/** The label of a `[^label]` at `i` whose note exists (a bounded scan: labels have no spaces, 100 at most). */
function footnoteAt(src: string, i: number, notes: Notes): string | undefined {
  let end = i + 2
  while (end < src.length && end - i <= 102 && src[end] !== ']' && src[end] !== '[' && !/\s/.test(src[end]!)) end++
  const label = src.slice(i + 2, end)
  return src[end] === ']' && label !== '' && notes.has(normalizeLabel(label)) ? label : undefined
}

function linkTarget(src: string, close: number, textStart: number, refs: Refs) {
  if (src[close + 1] === '(') {
    const inline = parseLinkTail(src, close + 1)
    if (inline) return inline
  }
  let label = src.slice(textStart, close)
  let end = close + 1
  if (src[close + 1] === '[') {
    const explicit = parseLinkLabel(src, close + 1)
    if (!explicit) return null
    if (explicit.label !== '') label = explicit.label
    end = explicit.end
  }
  if (label.length > MAX_LABEL_LENGTH) return null
  const ref = refs.get(normalizeLabel(label))
  return ref ? { ...ref, end } : null
}

/** Positions of every backtick run, grouped by length, each with a cursor that only moves forward. */
function findCodeRuns(src: string): Map<number, { at: number[]; next: number }> {
  const runs = new Map<number, { at: number[]; next: number }>()
  for (let i = src.indexOf('`'); i !== -1; i = src.indexOf('`', i)) {
    let end = i
    while (src[end] === '`') end++
    const list = runs.get(end - i) ?? { at: [], next: 0 }
    list.at.push(i)
    runs.set(end - i, list)
    i = end
  }
  return runs
}

function codeSpanText(raw: string): string {
  const text = raw.replace(/\n/g, ' ')
  return text.length > 2 && text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '' ? text.slice(1, -1) : text
}

const URL_START = /[\s*_~(]/
const ENTITY_LIKE_END = /&[A-Za-z0-9]{1,32};$/
const DOMAIN_CHAR = /[A-Za-z0-9._-]/
const MAX_DOMAIN_LENGTH = 253
// Where a bare URL stops: whitespace, `<`, and the characters safeHref refuses anyway.
const URL_STOP = /[\s<\u0000-\u001f\u007f-\u00a0\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g

/**
 * A GFM "extended autolink" (bare http(s):// or www. URL) starting at `i`. When there is none, the
 * position before which no other one should be tried (0 when nothing long was scanned).
 */
function bareUrl(src: string, i: number): { text: string; href: string } | number {
  if (i > 0 && !URL_START.test(src[i - 1]!)) return 0
  const isWww = src.startsWith('www.', i)
  const scheme = isWww ? 0 : src.startsWith('http://', i) ? 7 : src.startsWith('https://', i) ? 8 : -1
  if (scheme < 0) return 0
  let hostEnd = i + scheme
  while (hostEnd < src.length && DOMAIN_CHAR.test(src[hostEnd]!) && hostEnd - i - scheme <= MAX_DOMAIN_LENGTH) hostEnd++
  const host = src.slice(i + scheme, hostEnd)
  if (host.length > MAX_DOMAIN_LENGTH || !/[A-Za-z0-9-]\.[A-Za-z0-9-]/.test(host)) return 0
  URL_STOP.lastIndex = hostEnd
  const end = URL_STOP.exec(src)?.index ?? src.length
  let text = src.slice(i, end)
  let unclosed = 0
  for (const ch of text) unclosed += ch === ')' ? 1 : ch === '(' ? -1 : 0
  for (;;) {
    const last = text[text.length - 1]
    // `&hl;` at the end is not part of the URL (GFM). Only the tail is searched: a run of `;` stays linear.
    const tail = last === ';' ? text.slice(-34) : ''
    const entity = tail ? ENTITY_LIKE_END.exec(tail) : null
    if (entity) text = text.slice(0, text.length - tail.length + entity.index)
    else if (last !== undefined && '?!.,:*_~\'";'.includes(last)) text = text.slice(0, -1)
    else if (last === ')' && unclosed > 0) {
      text = text.slice(0, -1)
      unclosed--
    } else break
  }
  const href = text.length > scheme ? safeHref(isWww ? `http://${text}` : text) : null
  return href ? { text, href } : end
}
