import { memo, useId, useMemo, useRef, type JSX } from 'react'
import { parseMarkdown, type Block, type BlockCache } from '../../../markdown'
import { useText } from '../../useText'
import { FootnoteScope } from './Footnotes'
import { BLOCK_TEXT, renderBlock } from './renderBlocks'
import './markdown.css'

/**
 * An assistant reply as Markdown. Safe by construction: the parser has no node for raw HTML (it shows as
 * text), links and image links exist only with http(s)/mailto URLs (a footnote's links go to ids in this
 * reply, see Footnotes.tsx), and everything is React elements.
 * Memoised on `text`; while a reply streams, only the blocks whose source changed are parsed again.
 */
export const Markdown = memo(function Markdown({ text }: { text: string }): JSX.Element {
  const cache = useRef<BlockCache | undefined>(undefined)
  const prefix = `md${useId().replace(/[^A-Za-z0-9_-]/g, '')}`
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
  const scope = useMemo(() => ({ prefix, numbers: footnoteNumbers(blocks) }), [prefix, blocks])
  if (!blocks) return <div className="md md-plain">{text}</div>
  return (
    <FootnoteScope value={scope}>
      <div className="md">
        {blocks.map((block, index) => (
          <TopBlock key={index} block={block} />
        ))}
      </div>
    </FootnoteScope>
  )
})

/** Each cited note's number by normalised label: the footnotes block, always last, lists them in order. */
function footnoteNumbers(blocks: Block[] | null): Map<string, number> {
  const last = blocks?.at(-1)
  const notes = last?.type === 'footnotes' ? last.notes : []
  return new Map(notes.map((note, index) => [note.label.trim().toLowerCase().toUpperCase(), index + 1]))
}

/** Reused block objects are identical, so memo skips re-rendering every block but the growing one. */
const TopBlock = memo(function TopBlock({ block }: { block: Block }) {
  // Subscribed here too: memo would otherwise keep a block's words (a task box's name) in the old language.
  useText(BLOCK_TEXT)
  return renderBlock(block, 0)
})
