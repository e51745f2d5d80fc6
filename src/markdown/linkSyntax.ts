import { unescapeText } from './entities'

/** CommonMark's limit on a link label; it also bounds the work a failed reference lookup can cost. */
export const MAX_LABEL_LENGTH = 999
// NOTE: these bounds keep a failed parse cheap. An unbounded title scan made `[a](b (` repeated 30,000
// times quadratic; 32 is cmark's own limit on nested parentheses in a destination.
const MAX_TITLE_LENGTH = 1024
const MAX_DEST_LENGTH = 8192
const MAX_PAREN_DEPTH = 32

export interface LinkTarget {
  dest: string
  title: string | undefined
  end: number
}

/** Parses `(destination "title")` starting at the `(` at `start`. */
export function parseLinkTail(src: string, start: number): LinkTarget | null {
  let i = skipSpace(src, start + 1)
  let dest: string
  if (src[i] === '<') {
    let j = i + 1
    while (j < src.length && src[j] !== '>' && src[j] !== '<' && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1
    if (src[j] !== '>') return null
    dest = src.slice(i + 1, j)
    i = j + 1
  } else {
    let j = i
    let depth = 0
    while (j < src.length && j - i <= MAX_DEST_LENGTH) {
      const c = src[j]!
      if (c === '\\') j += 2
      else if (c === '(') {
        if (++depth > MAX_PAREN_DEPTH) return null
        j++
      } else if (c === ')') {
        if (depth === 0) break
        depth--
        j++
      } else if (c <= ' ' || c === '\u007f') break
      else j++
    }
    if (depth !== 0 || j - i > MAX_DEST_LENGTH) return null
    dest = src.slice(i, Math.min(j, src.length))
    i = j
  }
  const afterDest = i
  i = skipSpace(src, i)
  let title: string | undefined
  const quote = src[i]
  if (i > afterDest && (quote === '"' || quote === "'" || quote === '(')) {
    const close = quote === '(' ? ')' : quote
    let j = i + 1
    while (j < src.length && src[j] !== close && j - i <= MAX_TITLE_LENGTH) j += src[j] === '\\' ? 2 : 1
    if (src[j] !== close) return null
    title = unescapeText(src.slice(i + 1, j))
    i = skipSpace(src, j + 1)
  }
  if (src[i] !== ')') return null
  return { dest: unescapeText(dest), title, end: i + 1 }
}

/** Parses `[label]` starting at the `[` at `start`; the label may be empty (a collapsed reference). */
export function parseLinkLabel(src: string, start: number): { label: string; end: number } | null {
  let j = start + 1
  while (j < src.length && src[j] !== ']' && src[j] !== '[' && j - start <= MAX_LABEL_LENGTH) j += src[j] === '\\' ? 2 : 1
  if (src[j] !== ']') return null
  return { label: src.slice(start + 1, j), end: j + 1 }
}

export function normalizeLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase()
}

/** Spaces and tabs, and at most one line ending (a blank line ends any link). */
function skipSpace(src: string, i: number): number {
  let sawNewline = false
  while (i < src.length) {
    const c = src[i]
    if (c === ' ' || c === '\t') i++
    else if (c === '\n' && !sawNewline) {
      sawNewline = true
      i++
    } else break
  }
  return i
}

/**
 * A link reference definition on one line: `[label]: destination "title"`. Multi-line definitions are
 * not supported; such lines stay paragraph text.
 */
export function parseDefinition(line: string): { label: string; dest: string; title: string | undefined } | null {
  const start = line.indexOf('[')
  if (start < 0 || start > 3 || line.slice(0, start).trim() !== '') return null
  const label = parseLinkLabel(line, start)
  if (!label || label.label.trim() === '' || line[label.end] !== ':') return null
  // Reuse the inline parser: "dest title" on the rest of the line reads like "(dest title)".
  const rest = line.slice(label.end + 1).trim()
  if (rest === '') return null
  const tail = parseLinkTail(`(${rest})`, 0)
  if (!tail || tail.end !== rest.length + 2) return null
  return { label: normalizeLabel(label.label), dest: tail.dest, title: tail.title }
}
