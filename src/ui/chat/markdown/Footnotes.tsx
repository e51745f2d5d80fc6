import { createContext, type MouseEvent, use, useContext } from 'react'
import type { Block } from '../../../markdown'
import { defineMessages, loadPart } from '../../../i18n'
import { useText } from '../../useText'
import { renderBlocks } from './renderBlocks'

// A catalog part of their own, fetched when this chunk loads, so these words never weigh on the chat screen.
// Only a reply with footnotes waits for it (use, under the transcript's Suspense); the others never do.
const textReady = loadPart('markdown').catch(() => undefined)
const TEXT = defineMessages('markdown.footnotes', {
  notes: 'Footnotes',
  reference: 'Footnote {number}',
  back: 'Back to reference {number}',
})

/** Per reply: an id prefix (two replies may both have a note 1) and each note's number by label. */
export const FootnoteScope = createContext<{ prefix: string; numbers: ReadonlyMap<string, number> }>({ prefix: '', numbers: new Map() })

/**
 * Moves to the note (or back) inside the transcript and puts focus there, without touching the URL: the
 * hash is not this app's to change, and Back should leave the chat, not walk the notes.
 */
function jumpTo(event: MouseEvent, id: string): void {
  const target = document.getElementById(id)
  if (!target) return
  event.preventDefault()
  target.scrollIntoView?.({ block: 'nearest' })
  target.focus({ preventScroll: true })
}

/** `[^label]` in the text: a superscript number that leads to its note. */
export function FootnoteRef({ label }: { label: string }) {
  use(textReady)
  const t = useText(TEXT)
  const { prefix, numbers } = useContext(FootnoteScope)
  const number = numbers.get(label.toLowerCase().toUpperCase())
  if (number === undefined) return <>{`[^${label}]`}</>
  const id = `${prefix}-fn-${number}`
  return (
    <sup className="md-fnref">
      <a id={`${prefix}-fnref-${number}`} href={`#${id}`} aria-label={t('reference', { number })} onClick={(event) => jumpTo(event, id)}>
        {number}
      </a>
    </sup>
  )
}

/** The notes a reply cites, numbered, each with a link back to where it is cited (as GitHub shows them). */
export function Footnotes({ block }: { block: Extract<Block, { type: 'footnotes' }> }) {
  use(textReady)
  const t = useText(TEXT)
  const { prefix } = useContext(FootnoteScope)
  return (
    <section className="md-footnotes" aria-label={t('notes')}>
      <ol>
        {block.notes.map((note, index) => {
          const number = index + 1
          const back = `${prefix}-fnref-${number}`
          return (
            <li key={note.label} id={`${prefix}-fn-${number}`} tabIndex={-1}>
              {renderBlocks(note.children)}
              <a className="md-fnback" href={`#${back}`} aria-label={t('back', { number })} onClick={(event) => jumpTo(event, back)}>
                ↩
              </a>
            </li>
          )
        })}
      </ol>
    </section>
  )
}
