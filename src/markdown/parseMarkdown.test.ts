import { describe, expect, it } from 'vitest'
import type { Block, Inline } from './ast'
import { HOSTILE_MARKDOWN } from './testing/hostileCorpus'
import { parseMarkdown } from './parseMarkdown'

const blocks = (text: string) => parseMarkdown(text).blocks
const inlines = (text: string): Inline[] => {
  const first = blocks(text)[0]
  return first?.type === 'paragraph' ? first.inlines! : []
}

describe('parseMarkdown blocks', () => {
  it('reads a typical reply', () => {
    const parsed = blocks('## Plan\n\n1. First\n2. Second\n\n```sh\nnpm test\n```\n\n> Note\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n***')
    expect(parsed.map((block) => block.type)).toEqual(['heading', 'list', 'code', 'quote', 'table', 'hr'])
    expect(parsed[2]).toEqual({ type: 'code', lang: 'sh', text: 'npm test' })
    expect((parsed[4] as Extract<Block, { type: 'table' }>).align).toEqual([null, 'center'])
  })

  it('keeps an unclosed fence (a reply still streaming) as code to the end', () => {
    expect(blocks('```py\nprint(1)\n\nprint(2)')).toEqual([{ type: 'code', lang: 'py', text: 'print(1)\n\nprint(2)' }])
  })

  it('decodes escapes and entities in a fence info string', () => {
    expect(blocks('``` c\\+\\+\nx\n```')[0]).toMatchObject({ lang: 'c++' })
    expect(blocks('``` f&ouml;&ouml;\nx\n```')[0]).toMatchObject({ lang: 'föö' })
  })

  it('keeps tabs inside code', () => {
    expect(blocks('```make\nall:\n\tcc x.c\n```')[0]).toMatchObject({ text: 'all:\n\tcc x.c' })
  })

  it('counts tabs in list items and quotes from the column they are at', () => {
    // A tab advances to the next multiple of 4 on the line, not in the container's own text.
    expect(blocks('- step\n\n\t\tindented code')).toMatchObject([{ type: 'list', items: [{ children: [{}, { type: 'code', text: '  indented code' }] }] }])
    expect(blocks('>\t\tcode')).toMatchObject([{ type: 'quote', children: [{ type: 'code', text: '  code' }] }])
    expect(blocks('-\t\tcode')).toMatchObject([{ type: 'list', items: [{ children: [{ type: 'code', text: '  code' }] }] }])
    expect(blocks('- a\n\n  \tstill a paragraph')).toMatchObject([{ type: 'list', items: [{ children: [{}, { type: 'paragraph' }] }] }])
  })

  it('tells tight lists from loose ones', () => {
    expect(blocks('- a\n- b')[0]).toMatchObject({ isLoose: false })
    expect(blocks('- a\n\n- b')[0]).toMatchObject({ isLoose: true })
    expect(blocks('- a\n\n  more\n- b')[0]).toMatchObject({ isLoose: true })
  })

  it('does not start a list mid-paragraph on a number other than 1', () => {
    expect(blocks('In\n2024. was a year').map((block) => block.type)).toEqual(['paragraph'])
  })

  it('ends a list item or quote at an unindented line after its fenced code', () => {
    // Lazy continuation applies only to a paragraph: after a code block the line is the reply's own.
    expect(blocks('- step\n  ```sh\n  npm test\n  ```\nThen push.').map((block) => block.type)).toEqual(['list', 'paragraph'])
    expect(blocks('> ```\n> x\n> ```\nafter').map((block) => block.type)).toEqual(['quote', 'paragraph'])
    expect(blocks('> - ```\n>   x\n>   ```\nafter').map((block) => block.type)).toEqual(['quote', 'paragraph'])
    // …while a paragraph in them still continues lazily.
    expect(blocks('> a\nb')).toMatchObject([{ type: 'quote', children: [{ type: 'paragraph', text: 'a\nb' }] }])
    expect(blocks('- a\nb')).toMatchObject([{ type: 'list', items: [{ children: [{ type: 'paragraph', text: 'a\nb' }] }] }])
  })

  it('reads an escaped pipe in a table cell as a pipe, inside code too (GFM)', () => {
    const table = blocks('| command | means |\n|---|---|\n| `a \\| b` | pipe \\| here |')[0] as Extract<Block, { type: 'table' }>
    expect(table.rows[0]!.map((cell) => cell.inlines)).toEqual([[{ type: 'code', text: 'a | b' }], [{ type: 'text', text: 'pipe | here' }]])
  })

  it('reads setext headings and a table right after a paragraph', () => {
    expect(blocks('Title\n===')[0]).toMatchObject({ type: 'heading', level: 1 })
    expect(blocks('Here:\n| a |\n| - |\n| 1 |').map((block) => block.type)).toEqual(['paragraph', 'table'])
  })
})

describe('parseMarkdown inlines', () => {
  it('follows CommonMark emphasis rules', () => {
    expect(inlines('*a **b** c*')).toEqual([
      {
        type: 'em',
        children: [
          { type: 'text', text: 'a ' },
          { type: 'strong', children: [{ type: 'text', text: 'b' }] },
          { type: 'text', text: ' c' },
        ],
      },
    ])
    expect(inlines('snake_case_name')).toEqual([{ type: 'text', text: 'snake_case_name' }])
    expect(inlines('2 * 3 * 4')).toEqual([{ type: 'text', text: '2 * 3 * 4' }])
  })

  it('reads code spans literally', () => {
    expect(inlines('`` a ` *b* &amp; ``')).toEqual([{ type: 'code', text: 'a ` *b* &amp;' }])
  })

  it('resolves reference links defined anywhere, refusing unsafe ones', () => {
    expect(inlines('[a][x] [b]\n\n[x]: https://x.example "T"\n[b]: javascript:alert(1)')).toEqual([
      { type: 'link', href: 'https://x.example/', title: 'T', children: [{ type: 'text', text: 'a' }] },
      { type: 'text', text: ' b' },
    ])
  })

  it('reads reference definitions written over several lines', () => {
    const link = (text: string, href: string, title?: string) => ({ type: 'link', href, title, children: [{ type: 'text', text }] })
    expect(blocks('[a], [b] and [c d]\n\n[a]:\nhttps://a.example\n[b]: https://b.example\n  "Bee"\n[c\n d]: https://c.example \'one\ntwo\'')[0]).toMatchObject({
      inlines: [
        link('a', 'https://a.example/'),
        { type: 'text', text: ', ' },
        link('b', 'https://b.example/', 'Bee'),
        { type: 'text', text: ' and ' },
        link('c d', 'https://c.example/', 'one\ntwo'),
      ],
    })
    // A title that is not one leaves the definition at its destination; the line is text.
    expect(blocks('[a]\n\n[a]: https://a.example\n"no" title')).toMatchObject([
      { inlines: [link('a', 'https://a.example/')] },
      { type: 'paragraph', text: '"no" title' },
    ])
  })

  it('matches reference labels case-insensitively beyond ASCII (ẞ is SS)', () => {
    expect(inlines('[ẞ]\n\n[SS]: https://x.example')).toMatchObject([{ type: 'link', href: 'https://x.example/' }])
  })

  it('does not put links in links', () => {
    const parsed = inlines('[a [b](https://b.example)](https://a.example)')
    expect(parsed[0]).toEqual({ type: 'text', text: '[a ' })
    // The outer brackets stay text; its destination is then a bare URL, which GFM links on its own.
    expect(parsed.flatMap((node) => (node.type === 'link' ? [node.href] : []))).toEqual(['https://b.example/', 'https://a.example/'])
  })

  it('links bare URLs without trailing punctuation', () => {
    expect(inlines('See https://x.example/a_(b). Or www.y.example!')).toEqual([
      { type: 'text', text: 'See ' },
      { type: 'link', href: 'https://x.example/a_(b)', title: undefined, children: [{ type: 'text', text: 'https://x.example/a_(b)' }] },
      { type: 'text', text: '. Or ' },
      { type: 'link', href: 'http://www.y.example/', title: undefined, children: [{ type: 'text', text: 'www.y.example' }] },
      { type: 'text', text: '!' },
    ])
  })

  it('ends a bare URL before what looks like an entity at its end (GFM)', () => {
    expect(inlines('www.a.example/search?q=x&hl;')).toEqual([
      { type: 'link', href: 'http://www.a.example/search?q=x', title: undefined, children: [{ type: 'text', text: 'www.a.example/search?q=x' }] },
      { type: 'text', text: '&hl;' },
    ])
  })

  it('links bare e-mail addresses and mailto: addresses (GFM)', () => {
    const mail = (address: string, text = address) => ({ type: 'link', href: `mailto:${address}`, title: undefined, children: [{ type: 'text', text }] })
    expect(inlines('Write to ops+alerts@team.example. Or mailto:a.b-c_d@x.example!')).toEqual([
      { type: 'text', text: 'Write to ' },
      mail('ops+alerts@team.example'),
      { type: 'text', text: '. Or ' },
      mail('a.b-c_d@x.example', 'mailto:a.b-c_d@x.example'),
      { type: 'text', text: '!' },
    ])
    // Not an address: no dot in the domain, a domain ending in - or _, a user part in a URL, a link's text.
    for (const text of ['root@localhost', 'a@b.example-', 'a@b.example_', 'https://user@host.example/', 'xmpp:a@b.example']) {
      expect(inlines(text).filter((node) => node.type === 'link')).toEqual([])
    }
    expect(inlines('[a@b.example](https://c.example)')).toEqual([
      { type: 'link', href: 'https://c.example/', title: undefined, children: [{ type: 'text', text: 'a@b.example' }] },
    ])
  })

  it('decodes every HTML5 named character reference', () => {
    expect(inlines('&AElig; &Dcaron; &HilbertSpace; &ClockwiseContourIntegral; &ngE; &ouml;')).toEqual([{ type: 'text', text: 'Æ Ď ℋ ∲ ≧̸ ö' }])
  })

  it('decodes entities and escapes in text', () => {
    expect(inlines('AT&amp;T &copy; &#x41; &#0; &nope; \\*x\\*')).toEqual([{ type: 'text', text: 'AT&T © A \ufffd &nope; *x*' }])
  })
})

describe('parseMarkdown footnotes', () => {
  it('turns [^label] into a numbered reference and lists the notes at the end, in order of reference (as GitHub)', () => {
    const parsed = blocks('Fast[^speed] and safe[^1].\n\n[^1]: Checked by tests.\n[^speed]: About 68 ms,\n    even streamed.\n[^unused]: Never cited.')
    expect(parsed[0]).toMatchObject({
      inlines: [
        { type: 'text', text: 'Fast' },
        { type: 'footnoteRef', label: 'speed' },
        { type: 'text', text: ' and safe' },
        { type: 'footnoteRef', label: '1' },
        { type: 'text', text: '.' },
      ],
    })
    expect(parsed[1]).toMatchObject({
      type: 'footnotes',
      notes: [
        { label: 'speed', children: [{ type: 'paragraph', text: 'About 68 ms,\neven streamed.' }] },
        { label: '1', children: [{ type: 'paragraph', text: 'Checked by tests.' }] },
      ],
    })
    expect(parsed).toHaveLength(2)
  })

  it('leaves a reference to a note that does not exist as text', () => {
    expect(blocks('See [^nope].')).toEqual([{ type: 'paragraph', text: 'See [^nope].', inlines: [{ type: 'text', text: 'See [^nope].' }] }])
  })
})

describe('parseMarkdown while streaming', () => {
  it('reuses unchanged top-level blocks', () => {
    const first = parseMarkdown('# A\n\npara')
    const next = parseMarkdown('# A\n\npara two', first.cache)
    expect(next.blocks[0]).toBe(first.blocks[0])
    expect(next.blocks[1]).not.toBe(first.blocks[1])
  })

  it('re-parses every block when a reference definition arrives', () => {
    const first = parseMarkdown('[a][x]\n\n')
    const next = parseMarkdown('[a][x]\n\n[x]: https://x.example', first.cache)
    expect(next.blocks[0]).not.toBe(first.blocks[0])
    expect(next.blocks[0]).toMatchObject({ inlines: [{ type: 'link', href: 'https://x.example/' }] })
  })
})

describe('parseMarkdown cost', () => {
  it('keeps the block cache linear in the reply, however many reference definitions it has', () => {
    // The definitions were once part of every block's cache key: 4,000 of them made each parse (and so each
    // streamed chunk) quadratic. Counting characters, not milliseconds, catches that on any machine.
    const text = Array.from({ length: 1_000 }, (_, i) => `See [ref ${i}].\n\n[ref ${i}]: https://x.example/${i} "T${i}"`).join('\n\n')
    const first = parseMarkdown(text)
    const next = parseMarkdown(`${text}\n\nMore`, first.cache)
    for (const { cache } of [first, next]) {
      const keyChars = [...cache.keys()].reduce((sum, key) => sum + key.length, 0)
      expect(keyChars).toBeLessThan(2 * text.length)
    }
    expect(next.blocks[0]).toBe(first.blocks[0])
  })

  // Inputs that made marked (seconds) or markdown-to-jsx (tens of seconds) quadratic at this size.
  // Linear parsing takes well under a second here; the bound is loose so a busy machine does not flake.
  const SIZE = 200_000
  const pathological: Record<string, string> = {
    'star-letter': '*a'.repeat(SIZE / 2),
    'star-number': '*1.'.repeat(SIZE / 3),
    'underscore-url': 'http://_'.repeat(SIZE / 8),
    'www-underscore': 'www._'.repeat(SIZE / 5),
    'open-brackets': '[a]('.repeat(SIZE / 4),
    'unclosed-title': '[a](b ('.repeat(SIZE / 7),
    'backtick-letter': '`a'.repeat(SIZE / 2),
    'nested-quote': '> '.repeat(SIZE / 2),
    'nested-ordered': '1. '.repeat(SIZE / 3),
    'emphasised-links': '*[a](b)'.repeat(SIZE / 7),
    'at-signs': 'a.b@c.'.repeat(SIZE / 6),
    'url-semicolons': `www.a.example/${';'.repeat(SIZE)}`,
    'mailto-addresses': 'mailto:a@b.c '.repeat(SIZE / 13),
    'long-local-part': `${'a'.repeat(SIZE / 2)}@${'@b'.repeat(SIZE / 4)}`,
    unbroken: 'x'.repeat(SIZE),
  }
  it.each(Object.entries(pathological))('parses 200 KB of %s in linear time', (_name, text) => {
    const started = performance.now()
    parseMarkdown(text)
    // A hang detector, not a speed target (that is npm run bench): a quadratic pass over 200 KB runs for minutes,
    // these take about 1 s idle, and 5.3 s was seen at load average 17, which a 5 s bound called a failure.
    expect(performance.now() - started).toBeLessThan(20_000)
  })

  it('parses every hostile corpus entry without throwing', () => {
    for (const text of HOSTILE_MARKDOWN) expect(() => parseMarkdown(text)).not.toThrow()
  })
})
