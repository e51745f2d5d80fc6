import { unescapeText } from './entities'

/** Line classifiers for the block parser. All are linear scans: no regex here can backtrack on a long line. */

const BLANK = /^[ \t]*$/

export function isBlank(line: string): boolean {
  return BLANK.test(line)
}

/** Width of the leading whitespace in columns (tabs stop every 4). */
export function indentOf(line: string): number {
  let column = 0
  for (const c of line) {
    if (c === ' ') column++
    else if (c === '\t') column += 4 - (column % 4)
    else break
  }
  return column
}

/** Removes up to `columns` of leading whitespace; a tab that straddles the cut leaves its rest as spaces. */
export function stripIndent(line: string, columns: number): string {
  // Cut off a tab stop, the text would start mid-way between stops and its own tabs would measure wrong:
  // its leading whitespace is turned into the spaces it stands for on the line (CommonMark counts columns).
  if (columns % 4 !== 0 && LEADING_TAB.test(line)) return expandLeading(line, 0).slice(Math.min(columns, indentOf(line)))
  let column = 0
  let i = 0
  while (i < line.length && column < columns) {
    const c = line[i]
    if (c === ' ') column++
    else if (c === '\t') {
      const width = 4 - (column % 4)
      if (column + width > columns) return ' '.repeat(column + width - columns) + line.slice(i + 1)
      column += width
    } else break
    i++
  }
  return line.slice(i)
}

const LEADING_TAB = /^[ \t]*\t/

/** `text`, which starts at `column` of its line, with its leading whitespace as spaces (tabs stop every 4). */
export function expandLeading(text: string, column: number): string {
  if (!LEADING_TAB.test(text)) return text
  let width = column
  let i = 0
  for (; i < text.length && (text[i] === ' ' || text[i] === '\t'); i++) width += text[i] === ' ' ? 1 : 4 - (width % 4)
  return ' '.repeat(width - column) + text.slice(i)
}

export function parseFence(line: string): { char: string; length: number; indent: number; lang: string } | null {
  const indent = indentOf(line)
  if (indent > 3) return null
  const rest = line.trimStart()
  const char = rest[0]
  if (char !== '`' && char !== '~') return null
  let length = 0
  while (rest[length] === char) length++
  const info = rest.slice(length).trim()
  if (length < 3 || (char === '`' && info.includes('`'))) return null
  return { char, length, indent, lang: unescapeText(info.split(/[ \t]/, 1)[0]!).slice(0, 40) }
}

export function isFenceClose(line: string, fence: { char: string; length: number }): boolean {
  if (indentOf(line) > 3) return false
  const rest = line.trim()
  if (rest.length < fence.length) return false
  for (const c of rest) if (c !== fence.char) return false
  return true
}

export function parseAtxHeading(line: string): { level: number; text: string } | null {
  if (indentOf(line) > 3) return null
  const rest = line.trimStart()
  let level = 0
  while (rest[level] === '#') level++
  if (level < 1 || level > 6 || (level < rest.length && rest[level] !== ' ' && rest[level] !== '\t')) return null
  let text = rest.slice(level).trim()
  let end = text.length
  while (end > 0 && text[end - 1] === '#') end--
  if (end === 0) text = ''
  else if (end < text.length && (text[end - 1] === ' ' || text[end - 1] === '\t')) text = text.slice(0, end).trimEnd()
  return { level, text }
}

/** `***`, `---` or `___` (three or more, spaces allowed between). */
export function isThematicBreak(line: string): boolean {
  if (indentOf(line) > 3) return false
  const rest = line.trim()
  const char = rest[0]
  if (char !== '*' && char !== '-' && char !== '_') return false
  let count = 0
  for (const c of rest) {
    if (c === char) count++
    else if (c !== ' ' && c !== '\t') return false
  }
  return count >= 3
}

/** A setext underline: 1 for `===`, 2 for `---`, else 0. */
export function setextLevel(line: string): number {
  if (indentOf(line) > 3) return 0
  const rest = line.trim()
  const char = rest[0]
  if (char !== '=' && char !== '-') return 0
  for (const c of rest) if (c !== char) return 0
  return char === '=' ? 1 : 2
}

/** Index just past `>` and one optional space, or -1 when the line is not a block quote line. */
export function quoteContentStart(line: string): number {
  const indent = indentOf(line)
  if (indent > 3) return -1
  const at = line.indexOf('>')
  if (at < 0 || line.slice(0, at).trim() !== '') return -1
  return line[at + 1] === ' ' || line[at + 1] === '\t' ? at + 2 : at + 1
}

/** A block quote line's content: after `>` and one optional column (one column of a tab; the rest stays). */
export function quoteContent(line: string): string {
  const at = line.indexOf('>')
  const column = indentOf(line.slice(0, at)) + 1
  if (line[at + 1] !== '\t') return line.slice(quoteContentStart(line))
  return expandLeading(line.slice(at + 1), column).slice(1)
}

export interface ListMarker {
  isOrdered: boolean
  /** The bullet character or the ordered delimiter (`.` or `)`): a different one starts a new list. */
  kind: string
  start: number
  /** Column where the item's content starts; continuation lines must be indented this far. */
  contentIndent: number
  firstLine: string
  isEmpty: boolean
}

export function parseListMarker(line: string): ListMarker | null {
  const indent = indentOf(line)
  if (indent > 3) return null
  const rest = line.trimStart()
  let width = 0
  let isOrdered = false
  if (rest[0] === '-' || rest[0] === '*' || rest[0] === '+') width = 1
  else {
    while (width < 9 && rest[width]! >= '0' && rest[width]! <= '9') width++
    if (width === 0 || (rest[width] !== '.' && rest[width] !== ')')) return null
    isOrdered = true
    width++
  }
  const after = expandLeading(rest.slice(width), indent + width)
  if (after !== '' && after[0] !== ' ') return null
  const spaces = indentOf(after)
  const isEmpty = after.trim() === ''
  // Five or more spaces after the marker: the content is an indented code block one space in.
  const gap = isEmpty || spaces > 4 ? 1 : spaces
  return {
    isOrdered,
    kind: rest[width - 1]!,
    start: isOrdered ? Number(rest.slice(0, width - 1)) : 1,
    contentIndent: indent + width + gap,
    firstLine: isEmpty ? '' : stripIndent(after, gap),
    isEmpty,
  }
}

/**
 * Splits a table row on unescaped pipes, dropping the optional outer ones. An escaped pipe is a pipe in
 * the cell, inside code spans too (GFM): the escape belongs to the table, not to the inline text.
 */
export function splitRow(line: string): string[] {
  let row = line.trim()
  if (row.startsWith('|')) row = row.slice(1)
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1)
  const cells: string[] = []
  let from = 0
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '\\') i++
    else if (row[i] === '|') {
      cells.push(cellText(row.slice(from, i)))
      from = i + 1
    }
  }
  cells.push(cellText(row.slice(from)))
  return cells
}

function cellText(raw: string): string {
  return raw.trim().replace(/\\\|/g, '|')
}

const DELIMITER_CELL = /^:?-+:?$/

/** The column alignments if `line` is a table delimiter row (`| --- | :-: |`), else null. */
export function parseDelimiterRow(line: string): ('left' | 'center' | 'right' | null)[] | null {
  if (!line.includes('-') || indentOf(line) > 3) return null
  const cells = splitRow(line)
  if (!cells.every((cell) => DELIMITER_CELL.test(cell))) return null
  if (cells.length === 1 && !line.includes('|')) return null
  return cells.map((cell) => (cell.startsWith(':') && cell.endsWith(':') ? 'center' : cell.endsWith(':') ? 'right' : cell.startsWith(':') ? 'left' : null))
}
