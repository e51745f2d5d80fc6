import { Fragment } from 'react'

/**
 * Replies with no Markdown in them, drawn without the Markdown renderer, so a transcript of plain
 * replies never fetches its chunk. Only text the renderer would draw the very same way qualifies
 * (PlainReply.test.tsx compares the two): no inline markup character, `://`, `www.` or `@` (a bare URL
 * or e-mail address) anywhere, no line that could start a block (heading, quote, list, rule, setext
 * underline, indented code), and no leading or trailing blank on a line. Paragraphs split at blank lines; a single newline is a <br>.
 */
// Wider than needed is safe (the renderer draws it); `://` rather than `https?://` keeps the first screen's bytes.
const INLINE_MARKUP = /[\\`*_~[\]<>&|\r@]|:\/\/|www\./i
const BLOCK_START = /^(?:\s|#|>|[-+=]|\d{1,9}[.)])|\s$/

export function isPlainReply(text: string): boolean {
  if (INLINE_MARKUP.test(text)) return false
  return text.split('\n').every((line) => line === '' || !BLOCK_START.test(line))
}

function paragraphsOf(text: string): string[][] {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.split('\n').filter((line) => line !== ''))
    .filter((lines) => lines.length > 0)
}

/** A reply `isPlainReply` accepted, as the Markdown renderer would draw it. */
export function PlainParagraphs({ text }: { text: string }) {
  return (
    <div className="md">
      {paragraphsOf(text).map((lines, index) => (
        <p key={index}>
          {lines.map((line, at) => (
            <Fragment key={at}>
              {at > 0 && <br />}
              {line}
            </Fragment>
          ))}
        </p>
      ))}
    </div>
  )
}

/** Raw text, kept as typed: the stand-in while the renderer loads, or if it cannot. */
export function RawReply({ text }: { text: string }) {
  return <div className="md md-plain">{text}</div>
}
