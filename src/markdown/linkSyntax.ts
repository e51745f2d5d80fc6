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
  const destination = parseDestination(src, skipSpace(src, start + 1))
  if (!destination) return null
  let i = destination.end
  const afterDest = i
  i = skipSpace(src, i)
  let title: string | undefined
  if (i > afterDest) {
    const parsed = parseTitle(src, i)
    if (parsed) {
      title = parsed.title
      i = skipSpace(src, parsed.end)
    }
  }
  if (src[i] !== ')') return null
  return { dest: destination.dest, title, end: i + 1 }
}

/** A link destination at `i`: `<…>`, or a run without spaces or controls and with balanced parentheses. */
function parseDestination(src: string, i: number): { dest: string; end: number } | null {
  if (src[i] === '<') {
    let j = i + 1
    while (j < src.length && src[j] !== '>' && src[j] !== '<' && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1
    if (src[j] !== '>') return null
    return { dest: unescapeText(src.slice(i + 1, j)), end: j + 1 }
  }
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
  j = Math.min(j, src.length)
  return { dest: unescapeText(src.slice(i, j)), end: j }
}

/** A link title at `i`: `"…"`, `'…'` or `(…)`, which may run over lines but not over a blank one. */
function parseTitle(src: string, i: number): { title: string; end: number } | null {
  const quote = src[i]
  if (quote !== '"' && quote !== "'" && quote !== '(') return null
  const close = quote === '(' ? ')' : quote
  let j = i + 1
  while (j < src.length && src[j] !== close && j - i <= MAX_TITLE_LENGTH) {
    if (src[j] === '\n' && /^[ \t]*(?:\n|$)/.test(src.slice(j + 1, j + 1 + MAX_TITLE_LENGTH))) return null
    j += src[j] === '\\' ? 2 : 1
  }
  if (src[j] !== close) return null
  return { title: unescapeText(src.slice(i + 1, j)), end: j + 1 }
}

/** Parses `[label]` starting at the `[` at `start`; the label may be empty (a collapsed reference). */
export function parseLinkLabel(src: string, start: number): { label: string; end: number } | null {
  let j = start + 1
  while (j < src.length && src[j] !== ']' && src[j] !== '[' && j - start <= MAX_LABEL_LENGTH) j += src[j] === '\\' ? 2 : 1
  if (src[j] !== ']') return null
  return { label: src.slice(start + 1, j), end: j + 1 }
}

export function normalizeLabel(label: string): string {
  // Lower then upper case: Unicode case folding as far as JavaScript has it (`ẞ`, `ß` and `SS` are one label).
  return label.trim().replace(/\s+/g, ' ').toLowerCase().toUpperCase()
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

/** The longest text a definition is looked for in: label, destination and title at their limits, and spaces. */
export const MAX_DEFINITION_CHARS = MAX_LABEL_LENGTH + MAX_DEST_LENGTH + MAX_TITLE_LENGTH + 64

/**
 * A link reference definition at the start of `text` (lines joined by `\n`, no blank one among them):
 * `[label]: destination "title"`, which may run over several lines. `end` is the index where the
 * definition's last line ends. A title that is not followed by the end of its line is no title: the
 * definition then ends with its destination's line, if that is all there is on it.
 */
export function parseDefinition(text: string): { label: string; dest: string; title: string | undefined; end: number } | null {
  const start = text.indexOf('[')
  if (start < 0 || start > 3 || text.slice(0, start).trim() !== '') return null
  const label = parseLinkLabel(text, start)
  if (!label || label.label.trim() === '' || text[label.end] !== ':') return null
  const destination = parseDestination(text, skipSpace(text, label.end + 1))
  if (!destination || (destination.dest === '' && text[destination.end - 1] !== '>')) return null
  const destLineEnd = lineEndIfBlank(text, destination.end)
  const titleStart = skipSpace(text, destination.end)
  const title = titleStart > destination.end ? parseTitle(text, titleStart) : null
  const titleLineEnd = title ? lineEndIfBlank(text, title.end) : -1
  const result = { label: normalizeLabel(label.label), dest: destination.dest }
  if (title && titleLineEnd >= 0) return { ...result, title: title.title, end: titleLineEnd }
  return destLineEnd >= 0 ? { ...result, title: undefined, end: destLineEnd } : null
}

/** The index of the line end (or the text's end) if only spaces follow `i` on its line, else -1. */
function lineEndIfBlank(text: string, i: number): number {
  let j = i
  while (text[j] === ' ' || text[j] === '\t') j++
  return j === text.length || text[j] === '\n' ? j : -1
}
