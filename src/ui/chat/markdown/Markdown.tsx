import { memo, useMemo, useRef, type JSX } from 'react'
import { parseMarkdown, type Block, type BlockCache } from '../../../markdown'
import { useText } from '../../useText'
import { BLOCK_TEXT, renderBlock } from './renderBlocks'
import './markdown.css'

/**
 * An assistant reply as Markdown. Safe by construction: the parser has no node for raw HTML (it shows as
 * text), links and image links exist only with http(s)/mailto URLs, and everything is React elements.
 * Memoised on `text`; while a reply streams, only the blocks whose source changed are parsed again.
 */
export const Markdown = memo(function Markdown({ text }: { text: string }): JSX.Element {
  const cache = useRef<BlockCache | undefined>(undefined)
  const blocks = useMemo(() => {
    try {
      const parsed = parseMarkdown(text, cache.current)
      cache.current = parsed.cache
      return parsed.blocks
    } catch {
      // A parser bug must not take the transcript down: show the reply as plain text instead.
      return null
    }
  }, [text])
  if (!blocks) return <div className="md md-plain">{text}</div>
  return (
    <div className="md">
      {blocks.map((block, index) => (
        <TopBlock key={index} block={block} />
      ))}
    </div>
  )
})

/** Reused block objects are identical, so memo skips re-rendering every block but the growing one. */
const TopBlock = memo(function TopBlock({ block }: { block: Block }) {
  // Subscribed here too: memo would otherwise keep a block's words (a task box's name) in the old language.
  useText(BLOCK_TEXT)
  return renderBlock(block, 0)
})
