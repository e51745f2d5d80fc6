// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import fc from 'fast-check'
import { Suspense } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { HOSTILE_MARKDOWN } from '../../../markdown/testing/hostileCorpus'
import { findUnsafeMarkup } from './testing/findUnsafeMarkup'
import { Markdown } from './Markdown'

// jsdom is the slow part here (a 590 KB tree for the 500-level quote); give room on a busy machine.
const SLOW_MS = 60_000

afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

const renderMd = (text: string) => render(<Markdown text={text} />).container

/** Deepest element nesting under root: hostile input must not produce an unbounded tree. */
function depthOf(root: Element): number {
  let deepest = 0
  for (const element of root.querySelectorAll('*')) {
    let depth = 0
    for (let node: Element | null = element; node && node !== root; node = node.parentElement) depth++
    deepest = Math.max(deepest, depth)
  }
  return deepest
}

describe('hostile input', () => {
  it('has a corpus of at least 30 replies', () => {
    expect(HOSTILE_MARKDOWN.length).toBeGreaterThanOrEqual(30)
  })

  it.each(HOSTILE_MARKDOWN.map((text, index) => [index, JSON.stringify(text.slice(0, 50)), text] as const))(
    'renders #%i %s inert',
    (_index, _label, text) => {
      const container = renderMd(text)
      expect(findUnsafeMarkup(container)).toEqual([])
      expect(depthOf(container)).toBeLessThan(80)
    },
    SLOW_MS,
  )

  it('shows raw HTML as literal text', () => {
    const container = renderMd('<script>alert(1)</script> and <b onclick="x()">bold?</b>')
    expect(container.textContent).toBe('<script>alert(1)</script> and <b onclick="x()">bold?</b>')
    expect(container.querySelector('b, script')).toBeNull()
  })

  it('keeps the text of a link whose URL is not allowed, without making a link', () => {
    for (const text of ['[click](javascript:alert(1))', '[click](jav&#x09;ascript:alert(1))', '[click](//evil.example)', '[click](x.html)']) {
      const container = renderMd(text)
      expect(container.textContent).toBe('click')
      expect(container.querySelector('a')).toBeNull()
    }
  })

  it('turns an image into a link to it, never an <img>', () => {
    const container = renderMd('![a chart](https://evil.example/track.png) ![x](javascript:alert(1))')
    const link = screen.getByRole('link', { name: 'Image: a chart' })
    expect(link.getAttribute('href')).toBe('https://evil.example/track.png')
    expect(container.querySelector('img')).toBeNull()
    expect(container.textContent).toContain('x')
  })

  it('keeps a 100,000-character word whole, as text', () => {
    const word = 'x'.repeat(100_000)
    expect(renderMd(word).textContent).toBe(word)
  })

  it('shows markers past the nesting limit as text instead of nesting further', () => {
    const container = renderMd(`${'>'.repeat(500)} deep`)
    expect(container.querySelectorAll('blockquote').length).toBeLessThanOrEqual(16)
    expect(container.textContent).toContain('deep')
  })
})

describe('Markdown', () => {
  it('renders headings (under the page h1/h2), paragraphs and emphasis', () => {
    renderMd('# Title\n\n## Sub\n\nSome *em*, **strong**, ~~gone~~ and `code`.')
    expect(screen.getByRole('heading', { level: 3, name: 'Title' })).toBeTruthy()
    expect(screen.getByRole('heading', { level: 4, name: 'Sub' })).toBeTruthy()
    const paragraph = screen.getByText(/Some/).closest('p')!
    expect(paragraph.innerHTML).toBe('Some <em>em</em>, <strong>strong</strong>, <del>gone</del> and <code>code</code>.')
  })

  it('renders nested, ordered and task lists', () => {
    const container = renderMd('- one\n- two\n  - nested\n\n3. three\n4. four\n\n- [x] done\n- [ ] todo')
    expect(container.querySelector('ul > li > ul > li')?.textContent).toBe('nested')
    expect(container.querySelector('ol')?.getAttribute('start')).toBe('3')
    expect(screen.getByRole('img', { name: 'Done' })).toBeTruthy()
    expect(screen.getByRole('img', { name: 'Not done' })).toBeTruthy()
  })

  it('renders blockquotes, rules and line breaks', () => {
    const container = renderMd('> quoted\n> still\n\n---\n\nline one\nline two')
    expect(container.querySelector('blockquote')?.textContent).toBe('quotedstill')
    expect(container.querySelector('blockquote br')).not.toBeNull()
    expect(container.querySelector('hr')).not.toBeNull()
    expect(container.querySelectorAll('p')[1]?.innerHTML).toBe('line one<br>line two')
  })

  it('renders http, https and mailto links that open in a new tab', () => {
    renderMd('[site](https://example.com/a?b=1) [plain](http://example.com) [mail](mailto:me@example.com) <https://auto.example> www.bare.example')
    const hrefs = screen.getAllByRole('link').map((link) => link.getAttribute('href'))
    expect(hrefs).toEqual(['https://example.com/a?b=1', 'http://example.com/', 'mailto:me@example.com', 'https://auto.example/', 'http://www.bare.example/'])
    for (const link of screen.getAllByRole('link')) {
      expect(link.getAttribute('target')).toBe('_blank')
      expect(link.getAttribute('rel')).toBe('noopener noreferrer')
    }
  })

  it('renders GFM tables with alignment as classes', () => {
    const container = renderMd('| Name | Count |\n| :--- | ---: |\n| a | 1 |\n| b | 2 |')
    expect(container.querySelector('.md-table > table')).not.toBeNull()
    expect([...container.querySelectorAll('th')].map((th) => th.textContent)).toEqual(['Name', 'Count'])
    expect(container.querySelectorAll('tbody tr')).toHaveLength(2)
    expect(container.querySelector('td:last-child')?.className).toBe('md-align-right')
    expect(container.querySelector('[style]')).toBeNull()
  })

  it('renders fenced and indented code blocks whose Copy code button copies the code', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined)
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    const container = renderMd('```ts\nconst a = "<b>" && 1\n```\n\nThen:\n\n    indented()')
    const blocks = container.querySelectorAll('pre > code')
    expect([...blocks].map((code) => code.textContent)).toEqual(['const a = "<b>" && 1', 'indented()'])
    const buttons = screen.getAllByRole('button', { name: 'Copy code' })
    expect(buttons).toHaveLength(2)
    fireEvent.click(buttons[0]!)
    expect(writeText).toHaveBeenCalledWith('const a = "<b>" && 1')
    expect(await screen.findByText('Copied')).toBeTruthy()
    expect(screen.getByText('Copied').getAttribute('aria-live')).toBe('polite')
  })

  it('says so when the clipboard refuses, and clears the message later', async () => {
    vi.useFakeTimers()
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) }, configurable: true })
    renderMd('```\nx\n```')
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Copy code' })))
    expect(screen.getByText(/Could not copy/)).toBeTruthy()
    act(() => vi.advanceTimersByTime(2_000))
    expect(screen.queryByText(/Could not copy/)).toBeNull()
  })

  it('renders a growing (streamed) reply exactly like the finished one', () => {
    const full = '# T\n\nintro [ref]\n\n- a\n- b\n\n```js\nx()\n```\n\n[ref]: https://example.com\n\nend *em*'
    const { container, rerender } = render(<Markdown text="" />)
    for (let end = 1; end <= full.length; end += 7) rerender(<Markdown text={full.slice(0, end)} />)
    rerender(<Markdown text={full} />)
    expect(container.innerHTML).toBe(renderMd(full).innerHTML)
  })
})

const FRAGMENTS = [
  '*',
  '**',
  '_',
  '~~',
  '`',
  '```',
  '\n',
  '\n\n',
  '    ',
  '> ',
  '- ',
  '1. ',
  '# ',
  '|',
  '---',
  '[',
  ']',
  '(',
  ')',
  '![',
  '<',
  '>',
  '&',
  '&#x09;',
  '&amp;',
  '\\',
  '"',
  "'",
  ':',
  'javascript:',
  'JAVASCRIPT:',
  'data:',
  'http://',
  'https://a.b',
  'mailto:',
  'www.',
  '//',
  '<script>',
  '<img src=x onerror=alert(1)>',
  'onload=',
  '<svg>',
  'x',
  ' ',
  '\t',
  '\u0000',
  '[1]: ',
]
const markdownish = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((parts) => parts.join(''))

describe('property: any input renders inert', () => {
  const check = (text: string) => {
    const { container, unmount } = render(<Markdown text={text} />)
    const problems = findUnsafeMarkup(container)
    unmount()
    return problems.length === 0
  }
  it(
    'for arbitrary grapheme strings',
    () => {
      fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), check), { numRuns: 200 })
    },
    SLOW_MS,
  )
  it(
    'for arbitrary binary strings (lone surrogates, controls)',
    () => {
      fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), check), { numRuns: 200 })
    },
    SLOW_MS,
  )
  it(
    'for Markdown-looking strings built from syntax and attack fragments',
    () => {
      fc.assert(fc.property(markdownish, check), { numRuns: 500 })
    },
    SLOW_MS,
  )
})

describe('property: streaming', () => {
  it(
    'renders any reply grown in steps exactly like the same reply rendered at once',
    () => {
      const growing = fc.tuple(markdownish, markdownish, markdownish)
      fc.assert(
        fc.property(growing, ([a, b, c]) => {
          const { container, rerender, unmount } = render(<Markdown text={a} />)
          rerender(<Markdown text={a + b} />)
          rerender(<Markdown text={a + b + c} />)
          const streamed = container.innerHTML
          unmount()
          const { container: fresh, unmount: unmountFresh } = render(<Markdown text={a + b + c} />)
          const isSame = fresh.innerHTML === streamed
          unmountFresh()
          return isSame
        }),
        { numRuns: 200 },
      )
    },
    SLOW_MS,
  )
})

describe('footnotes', () => {
  it('draws [^1] as a numbered link to its note, and the note with a link back (as GitHub)', async () => {
    // As in the transcript: a reply with notes waits (Suspense) for the notes' words.
    await act(async () => {
      render(
        <Suspense fallback={null}>
          <Markdown text={'Fast[^a] and safe[^b].\n\n[^b]: Tested.\n[^a]: Measured.'} />
          <Markdown text={'Another[^a].\n\n[^a]: Its own note.'} />
        </Suspense>,
      )
    })
    const [first, second] = await screen.findAllByRole('link', { name: 'Footnote 1' })
    expect(screen.getAllByRole('link', { name: 'Footnote 2' })).toHaveLength(1)
    const notes = screen.getAllByRole('region', { name: 'Footnotes' })
    expect(notes.map((section) => section.textContent)).toEqual(['Measured.↩Tested.↩', 'Its own note.↩'])
    // Two replies each have a note 1: their ids differ, and each reference leads to its own note.
    expect(first!.getAttribute('href')).not.toBe(second!.getAttribute('href'))
    fireEvent.click(second!)
    expect(document.activeElement?.textContent).toBe('Its own note.↩')
    fireEvent.click(screen.getAllByRole('link', { name: 'Back to reference 1' })[1]!)
    expect(document.activeElement).toBe(second)
    expect(window.location.hash).toBe('')
  })
})
