import type { Block, ListItem, Notes, Refs } from './ast'
import {
  indentOf,
  isBlank,
  isFenceClose,
  isThematicBreak,
  parseAtxHeading,
  parseDelimiterRow,
  parseFence,
  parseListMarker,
  quoteContent,
  quoteContentStart,
  setextLevel,
  splitRow,
  stripIndent,
  type ListMarker,
} from './blockSyntax'
import { MAX_DEFINITION_CHARS, normalizeLabel, parseDefinition } from './linkSyntax'
import { OpenParagraph } from './openParagraph'

/**
 * Containers (quotes, list items) nested deeper than this are not parsed: their markers stay text.
 * This bounds both the recursion and the O(lines x depth) work on hostile input like 500 nested `>`.
 */
export const MAX_BLOCK_DEPTH = 16

export interface BlockResult {
  blocks: Block[]
  /** Line range [start, end) of each block, so a caller can reuse blocks whose source did not change. */
  spans: [number, number][]
  /** A blank line separated two of the blocks: a list item with this is "loose" (paragraphs get <p>). */
  hasBlankBetween: boolean
}

/** Splits lines into blocks (CommonMark-style, plus GFM tables and task items); inline text is left raw. */
export function parseBlocks(lines: string[], depth: number, refs: Refs, notes: Notes): BlockResult {
  const result: BlockResult = { blocks: [], spans: [], hasBlankBetween: false }
  const canNest = depth < MAX_BLOCK_DEPTH
  let paragraph: string[] | null = null
  let paragraphStart = 0
  let sawBlank = false
  let i = 0

  const add = (block: Block, start: number, end = i) => {
    if (sawBlank && result.blocks.length > 0) result.hasBlankBetween = true
    sawBlank = false
    result.blocks.push(block)
    result.spans.push([start, end])
  }
  const closeParagraph = () => {
    if (paragraph) add({ type: 'paragraph', text: paragraph.join('\n') }, paragraphStart)
    paragraph = null
  }

  while (i < lines.length) {
    const line = lines[i]!
    const start = i
    if (isBlank(line)) {
      closeParagraph()
      sawBlank = true
      i++
      continue
    }
    if (indentOf(line) >= 4 && !paragraph && canNest) {
      const code: string[] = []
      while (i < lines.length && (isBlank(lines[i]!) || indentOf(lines[i]!) >= 4)) code.push(stripIndent(lines[i++]!, 4))
      while (code.length > 0 && isBlank(code[code.length - 1]!)) {
        code.pop()
        i--
      }
      add({ type: 'code', lang: '', text: code.join('\n') }, start)
      continue
    }
    const fence = parseFence(line)
    if (fence) {
      closeParagraph()
      const code: string[] = []
      i++
      while (i < lines.length && !isFenceClose(lines[i]!, fence)) code.push(stripIndent(lines[i++]!, fence.indent))
      i = Math.min(i + 1, lines.length) // an unclosed fence runs to the end, as a streaming reply often is
      add({ type: 'code', lang: fence.lang, text: code.join('\n') }, start)
      continue
    }
    const heading = parseAtxHeading(line)
    if (heading) {
      closeParagraph()
      i++
      add({ type: 'heading', level: heading.level, text: heading.text }, start)
      continue
    }
    const setext = paragraph ? setextLevel(line) : 0
    if (paragraph && setext) {
      const text = paragraph.join('\n')
      paragraph = null
      i++
      add({ type: 'heading', level: setext, text }, paragraphStart)
      continue
    }
    if (isThematicBreak(line)) {
      closeParagraph()
      i++
      add({ type: 'hr' }, start)
      continue
    }
    if (canNest && quoteContentStart(line) >= 0) {
      closeParagraph()
      const inner: string[] = []
      const innerParagraph = new OpenParagraph()
      while (i < lines.length) {
        const next = lines[i]!
        const at = quoteContentStart(next)
        if (at >= 0) {
          const content = quoteContent(next)
          inner.push(content)
          innerParagraph.add(content)
        } else if (isLazyContinuation(next, innerParagraph)) inner.push(next)
        else break
        i++
      }
      add({ type: 'quote', children: parseBlocks(inner, depth + 1, refs, notes).blocks }, start)
      continue
    }
    const marker = canNest ? parseListMarker(line) : null
    if (marker && (!paragraph || (!marker.isEmpty && (!marker.isOrdered || marker.start === 1)))) {
      closeParagraph()
      const list = parseList(lines, i, marker, depth, refs, notes)
      i = list.end
      add(list.block, start)
      continue
    }
    const align = line.includes('|') && i + 1 < lines.length ? parseDelimiterRow(lines[i + 1]!) : null
    if (align && splitRow(line).length === align.length) {
      closeParagraph()
      const rows: string[][] = []
      i += 2
      while (i < lines.length && !isBlank(lines[i]!) && !startsBlock(lines[i]!)) rows.push(splitRow(lines[i++]!))
      const cells = (row: string[]) => align.map((_, column) => ({ text: row[column] ?? '' }))
      add({ type: 'table', align, head: cells(splitRow(line)), rows: rows.map(cells) }, start)
      continue
    }
    const note = paragraph || !canNest ? null : readFootnote(lines, i)
    if (note) {
      const key = normalizeLabel(note.label)
      if (!notes.has(key)) notes.set(key, { label: note.label, children: parseBlocks(note.inner, depth + 1, refs, notes).blocks })
      i = note.end
      continue
    }
    const definition = paragraph ? null : readDefinition(lines, i)
    if (definition) {
      if (!refs.has(definition.label)) refs.set(definition.label, { dest: definition.dest, title: definition.title })
      i += definition.lineCount
      continue
    }
    if (!paragraph) {
      paragraph = []
      paragraphStart = i
    }
    paragraph.push(line.trim())
    i++
  }
  closeParagraph()
  return result
}

/**
 * A link reference definition starting at line `from`, over as many lines as it takes. Most fit on their
 * line; only then is the next looked at (for a title). Other lines are read up to a blank one or
 * MAX_DEFINITION_CHARS, and a failed attempt opens a paragraph, so thousands of definitions stay linear.
 */
function readDefinition(lines: string[], from: number) {
  const first = lines[from]!
  if (!first.trimStart().startsWith('[')) return null
  const onItsLine = parseDefinition(first)
  const next = lines[from + 1]
  if (onItsLine && (onItsLine.title !== undefined || next === undefined || !TITLE_START.test(next))) return { ...onItsLine, lineCount: 1 }
  let text = first
  for (let i = from + 1; i < lines.length && !isBlank(lines[i]!) && text.length < MAX_DEFINITION_CHARS; i++) text += `\n${lines[i]}`
  const definition = parseDefinition(text)
  if (!definition) return null
  let lineCount = 1
  for (let at = text.indexOf('\n'); at !== -1 && at < definition.end; at = text.indexOf('\n', at + 1)) lineCount++
  return { ...definition, lineCount }
}

const TITLE_START = /^[ \t]*["'(]/
const FOOTNOTE = /^ {0,3}\[\^([^\]\s]{1,100})\]:[ \t]*(.*)$/

/**
 * A GFM footnote definition at line `from`: `[^label]: text`, then lines indented by 4 (blank lines
 * between them included) or continuing its paragraph lazily. `inner` is its content, `end` the next line.
 */
function readFootnote(lines: string[], from: number): { label: string; inner: string[]; end: number } | null {
  const match = FOOTNOTE.exec(lines[from]!)
  if (!match) return null
  const inner = [match[2]!]
  const paragraph = new OpenParagraph()
  paragraph.add(match[2]!)
  let i = from + 1
  for (; i < lines.length; i++) {
    const line = lines[i]!
    if (isBlank(line)) inner.push('')
    else if (indentOf(line) >= 4) inner.push(stripIndent(line, 4))
    else if (isLazyContinuation(line, paragraph) && !FOOTNOTE.test(line) && inner[inner.length - 1] !== '') inner.push(line)
    else break
    if (!isBlank(line)) paragraph.add(inner[inner.length - 1]!)
  }
  while (inner.length > 1 && isBlank(inner[inner.length - 1]!)) {
    inner.pop()
    i--
  }
  return { label: match[1]!, inner, end: i }
}

/** A line that would start a block of its own rather than continue a paragraph. */
function startsBlock(line: string): boolean {
  const marker = parseListMarker(line)
  return (
    parseFence(line) !== null || parseAtxHeading(line) !== null || isThematicBreak(line) || quoteContentStart(line) >= 0 || (marker !== null && !marker.isEmpty)
  )
}

/** CommonMark's "lazy continuation": an unmarked line continues the paragraph still open inside a container. */
function isLazyContinuation(line: string, paragraph: OpenParagraph): boolean {
  return paragraph.isOpen && !isBlank(line) && !startsBlock(line)
}

function parseList(lines: string[], from: number, first: ListMarker, depth: number, refs: Refs, notes: Notes) {
  const items: ListItem[] = []
  let isLoose = false
  let i = from
  while (i < lines.length) {
    const marker = sameList(lines[i]!, first)
    if (!marker) break
    const inner = [marker.firstLine]
    const paragraph = new OpenParagraph()
    paragraph.add(marker.firstLine)
    i++
    while (i < lines.length) {
      const line = lines[i]!
      const own = isBlank(line) ? '' : indentOf(line) >= marker.contentIndent ? stripIndent(line, marker.contentIndent) : null
      if (own !== null) {
        inner.push(own)
        paragraph.add(own)
      } else if (isLazyContinuation(line, paragraph) && !parseListMarker(line)) inner.push(line)
      else break
      i++
    }
    while (inner.length > 1 && isBlank(inner[inner.length - 1]!)) {
      inner.pop()
      i--
    }
    const content = parseBlocks(inner, depth + 1, refs, notes)
    if (content.hasBlankBetween) isLoose = true
    items.push({ checked: takeTaskMarker(content.blocks), children: content.blocks })
    // Blank lines before a next item make the list loose; before anything else they end it.
    let next = i
    while (next < lines.length && isBlank(lines[next]!)) next++
    if (next > i && next < lines.length && sameList(lines[next]!, first)) {
      isLoose = true
      i = next
    }
  }
  const block: Block = { type: 'list', isOrdered: first.isOrdered, start: first.start, isLoose, items }
  return { block, end: i }
}

function sameList(line: string, first: ListMarker): ListMarker | null {
  const marker = parseListMarker(line)
  const isSame = marker && marker.isOrdered === first.isOrdered && marker.kind === first.kind && !isThematicBreak(line)
  return isSame ? marker : null
}

/** GFM task items: a leading `[ ]` or `[x]` in the item's first paragraph. */
function takeTaskMarker(blocks: Block[]): boolean | null {
  const first = blocks[0]
  if (first?.type !== 'paragraph') return null
  const match = /^\[([ xX])\](?:[ \t]+|$)/.exec(first.text)
  if (!match) return null
  first.text = first.text.slice(match[0].length)
  return match[1] !== ' '
}
