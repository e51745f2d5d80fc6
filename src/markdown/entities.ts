// NOTE: the full HTML entity table is ~2,000 names (tens of KB). Replies use a handful, so we decode
// numeric references and the common names; an unknown name stays as literal text, which is always safe.
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  shy: '\u00ad',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  middot: '·',
  bull: '•',
  deg: '°',
  plusmn: '±',
  times: '×',
  divide: '÷',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  sect: '§',
  para: '¶',
  larr: '←',
  rarr: '→',
  uarr: '↑',
  darr: '↓',
  harr: '↔',
  rArr: '⇒',
  lArr: '⇐',
  le: '≤',
  ge: '≥',
  ne: '≠',
  asymp: '≈',
  infin: '∞',
  minus: '−',
  micro: 'µ',
  frac12: '½',
  frac14: '¼',
  frac34: '¾',
  check: '✓',
  zwj: '\u200d',
  zwnj: '\u200c',
}

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
