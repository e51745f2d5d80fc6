import type { Block, Footnote, Inline, InlineSource, Notes, Refs } from './ast'
import { normalizeLabel } from './linkSyntax'
import { parseBlocks } from './parseBlocks'
import { parseInlines } from './parseInlines'

/**
 * Parsed top-level blocks keyed by their source text, so a streamed reply only re-parses what changed.
 * A block's inlines also depend on every reference definition in the reply: the cache remembers them
 * once (`refsKey`) and is used only while they are the same. (They were once part of every block's key:
 * 4,000 definitions made every parse, so every streamed chunk, quadratic.)
 */
export class BlockCache extends Map<string, Block> {
  refsKey = ''
}

/**
 * Parses a reply into blocks with their inline trees. Pass the cache from the previous call to reuse
 * unchanged top-level blocks (same objects, so memoised views skip them); the returned cache replaces it.
 */
export function parseMarkdown(text: string, previous?: BlockCache): { blocks: Block[]; cache: BlockCache } {
  const lines = text.replace(/\u0000/g, '\ufffd').split(/\r\n|\r|\n/)
  const refs: Refs = new Map()
  const notes: Notes = new Map()
  const { blocks, spans } = parseBlocks(lines, 0, refs, notes)
  const cache = new BlockCache()
  // Which footnotes exist decides whether `[^x]` is a reference or text, as the definitions decide links.
  cache.refsKey = refs.size === 0 && notes.size === 0 ? '' : JSON.stringify([[...refs], [...notes.keys()]])
  const reusable = previous?.refsKey === cache.refsKey ? previous : undefined
  const result = blocks.map((block, index) => {
    const [start, end] = spans[index]!
    const key = lines.slice(start, end).join('\n')
    const reused = reusable?.get(key) ?? cache.get(key)
    const parsed = reused ?? withInlines(block, refs, notes)
    cache.set(key, parsed)
    return parsed
  })
  // Not cached: its notes and their order depend on the whole reply. Only cited notes are listed (as GitHub).
  const cited = notes.size > 0 ? citedNotes(result, notes, refs) : []
  if (cited.length > 0) result.push({ type: 'footnotes', notes: cited })
  return { blocks: result, cache }
}

/** The notes the blocks cite, in order of first citation; a note's own citations join the list after it. */
function citedNotes(blocks: Block[], notes: Notes, refs: Refs): Footnote[] {
  const cited = new Map<string, Footnote>()
  const visitInlines = (nodes: Inline[] | undefined) => {
    for (const node of nodes ?? []) {
      if (node.type === 'footnoteRef') {
        const key = normalizeLabel(node.label)
        const note = notes.get(key)
        if (note && !cited.has(key)) cited.set(key, note)
      } else if ('children' in node) visitInlines(node.children)
    }
  }
  const visit = (block: Block) => forEachInlineSource(block, (source) => visitInlines(source.inlines))
  blocks.forEach(visit)
  for (const note of cited.values()) {
    for (const child of note.children) withInlines(child, refs, notes)
    note.children.forEach(visit) // a Map iterates entries added while it runs
  }
  return [...cited.values()]
}

function withInlines(block: Block, refs: Refs, notes: Notes): Block {
  forEachInlineSource(block, (source) => {
    source.inlines = parseInlines(source.text, refs, notes)
  })
  return block
}

function forEachInlineSource(block: Block, fill: (source: InlineSource) => void): void {
  switch (block.type) {
    case 'paragraph':
    case 'heading':
      fill(block)
      break
    case 'quote':
      for (const child of block.children) forEachInlineSource(child, fill)
      break
    case 'list':
      for (const item of block.items) for (const child of item.children) forEachInlineSource(child, fill)
      break
    case 'table':
      for (const cell of block.head) fill(cell)
      for (const row of block.rows) for (const cell of row) fill(cell)
      break
  }
}
