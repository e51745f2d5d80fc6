import { characterEntities } from 'character-entities'

// The full HTML5 list of named references (2,125 names, about 11 KB gzip). It is in the Markdown chunk,
// which loads only when a reply needs it, never with the first screen. An unknown name stays as text.
const NAMED: Record<string, string> = characterEntities

/** Matches one character reference at a position (sticky); bounded, so it cannot backtrack far. */
export const ENTITY = /&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));/y

/** The text of the reference ENTITY just matched, or undefined for an unknown name. */
export function decodeEntityMatch(match: RegExpExecArray): string | undefined {
  const [, hex, dec, name] = match
  if (name !== undefined) return Object.hasOwn(NAMED, name) ? NAMED[name] : undefined
  const code = hex !== undefined ? parseInt(hex, 16) : parseInt(dec ?? '0', 10)
  // CommonMark: NUL, surrogates and out-of-range code points become U+FFFD.
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd'
  return String.fromCodePoint(code)
}

const ESCAPABLE = /[!-/:-@[-`{-~]/

/** Resolves backslash escapes and character references, as CommonMark does for link destinations and titles. */
export function unescapeText(text: string): string {
  if (!text.includes('\\') && !text.includes('&')) return text
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === '\\' && i + 1 < text.length && ESCAPABLE.test(text[i + 1]!)) {
      out += text[++i]
    } else if (c === '&') {
      ENTITY.lastIndex = i
      const match = ENTITY.exec(text)
      const decoded = match ? decodeEntityMatch(match) : undefined
      if (match && decoded !== undefined) {
        out += decoded
        i += match[0].length - 1
      } else out += c
    } else out += c
  }
  return out
}

export function isAsciiPunctuation(c: string | undefined): boolean {
  return c !== undefined && c.length === 1 && ESCAPABLE.test(c)
}
