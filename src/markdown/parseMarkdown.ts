import type { Block, InlineSource, Refs } from './ast'
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
  const { blocks, spans } = parseBlocks(lines, 0, refs)
  const cache = new BlockCache()
  cache.refsKey = refs.size === 0 ? '' : JSON.stringify([...refs])
  const reusable = previous?.refsKey === cache.refsKey ? previous : undefined
  const result = blocks.map((block, index) => {
    const [start, end] = spans[index]!
    const key = lines.slice(start, end).join('\n')
    const reused = reusable?.get(key) ?? cache.get(key)
    const parsed = reused ?? withInlines(block, refs)
    cache.set(key, parsed)
    return parsed
  })
  return { blocks: result, cache }
}

function withInlines(block: Block, refs: Refs): Block {
  const fill = (source: InlineSource) => {
    source.inlines = parseInlines(source.text, refs)
  }
  switch (block.type) {
    case 'paragraph':
    case 'heading':
      fill(block)
      break
    case 'quote':
      for (const child of block.children) withInlines(child, refs)
      break
    case 'list':
      for (const item of block.items) for (const child of item.children) withInlines(child, refs)
      break
    case 'table':
      for (const cell of block.head) fill(cell)
      for (const row of block.rows) for (const cell of row) fill(cell)
      break
  }
  return block
}
