// @vitest-environment jsdom
import fc from 'fast-check'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { Markdown } from './Markdown'
import { isPlainReply, PlainParagraphs } from './PlainReply'

const viaRenderer = (text: string) => renderToStaticMarkup(<Markdown text={text} />)
const viaPlain = (text: string) => renderToStaticMarkup(<PlainParagraphs text={text} />)

describe('isPlainReply', () => {
  it.each([
    'Echo: hello',
    'Sure. It is 14:32 in Lisbon; the meeting is at 3 (room 2).',
    'First line\nsecond line',
    'One paragraph.\n\nAnother one!',
    'Ünïcödé, emoji 🎉 and a well-known hyphen-word',
  ])('accepts %j, and draws it exactly as the renderer does', (text) => {
    expect(isPlainReply(text)).toBe(true)
    expect(viaPlain(text)).toBe(viaRenderer(text))
  })

  it.each([
    ['emphasis', 'a **bold** claim'],
    ['inline code', 'run `ls`'],
    ['a link', 'see [docs](https://example.com)'],
    ['a bare URL', 'see https://example.com'],
    ['a www. URL', 'see www.example.com'],
    ['an e-mail address', 'write to ops@team.example'],
    ['an entity', 'fish &amp; chips'],
    ['a heading', '# Title'],
    ['a bullet list', '- one\n- two'],
    ['an ordered list', '1. one\n2. two'],
    ['a quote', '> quoted'],
    ['a setext underline', 'Title\n==='],
    ['a rule', 'above\n\n---'],
    ['indented code', '    code'],
    ['a hard break (trailing spaces)', 'line  \nnext'],
    ['a table', 'a | b\n--|--'],
    ['an escape', 'not \\*emphasis\\*'],
    ['an autolink', '<https://example.com>'],
    ['strikethrough', '~~gone~~'],
    ['a carriage return', 'windows\r\nline'],
  ])('sends %s to the renderer', (_, text) => {
    expect(isPlainReply(text)).toBe(false)
  })

  it('draws every text it accepts exactly as the Markdown renderer does', () => {
    const alphabet = fc.constantFrom(...'abcXYZ019 .,:;!?()\'"#=+->/@%$^{}é漢🎉\n\t'.split(''), '\n\n', 'http', 'www', '1.', '- ')
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join('')),
        (text) => {
          fc.pre(isPlainReply(text))
          expect(viaPlain(text)).toBe(viaRenderer(text))
        },
      ),
      { numRuns: 2_000 },
    )
  })
})
