import { describe, expect, it } from 'vitest'
import { cleanName, readShareForm, SHARE_LIMITS, shareText } from './index'

const form = (fields: Array<[string, string | File]>) => {
  const data = new FormData()
  for (const [name, value] of fields) data.append(name, value)
  return data
}
const image = (name: string, bytes = 10, type = 'image/png') => new File([new Uint8Array(bytes).fill(1)], name, { type })

describe('readShareForm: a share from another app, read with limits', () => {
  it('reads title, text, link and images', () => {
    const record = readShareForm(
      form([
        ['title', 'A page'],
        ['text', ' look at this '],
        ['url', 'https://example.com/a'],
        ['files', image('cat.png')],
      ]),
      'id-1',
      5,
    )
    expect(record).toMatchObject({
      v: 1,
      id: 'id-1',
      receivedAtMs: 5,
      title: 'A page',
      text: 'look at this',
      url: 'https://example.com/a',
      cut: false,
      placedIn: null,
    })
    expect(record.files.map((file) => [file.name, file.type, file.size])).toEqual([['cat.png', 'image/png', 10]])
    expect(record.files[0]!.blob).toBeInstanceOf(Blob)
    expect(record.refused).toEqual([])
  })

  it('reads an empty form as an empty share', () => {
    expect(readShareForm(new FormData(), 'id', 0)).toMatchObject({ title: '', text: '', url: '', files: [], refused: [], cut: false })
  })

  it('cuts huge text at the limit and says so, title first', () => {
    const huge = 'x'.repeat(5_000_000)
    const record = readShareForm(
      form([
        ['title', 'T'],
        ['text', huge],
        ['url', 'https://example.com'],
      ]),
      'id',
      0,
    )
    expect(record.title).toBe('T')
    expect(record.text).toHaveLength(SHARE_LIMITS.maxTextChars - 1)
    expect(record.url).toBe('')
    expect(record.cut).toBe(true)
  })

  it('keeps at most maxFiles images and names the rest', () => {
    const fields = Array.from({ length: 500 }, (_, i) => ['files', image(`p${i}.png`)] as [string, File])
    const record = readShareForm(form(fields), 'id', 0)
    expect(record.files).toHaveLength(SHARE_LIMITS.maxFiles)
    expect(record.refused).toHaveLength(500 - SHARE_LIMITS.maxFiles)
    expect(new Set(record.refused.map((refused) => refused.reason))).toEqual(new Set(['too-many']))
  })

  it('refuses what is not an image, empty or too big, by name, and keeps the rest', () => {
    const big = new File([new Uint8Array(SHARE_LIMITS.maxFileBytes + 1)], 'big.png', { type: 'image/png' })
    const record = readShareForm(
      form([
        ['files', new File(['<script>'], 'page.html', { type: 'text/html' })],
        ['files', new File(['MZ'], 'run.exe', { type: '' })],
        ['files', image('empty.png', 0)],
        ['files', big],
        ['files', image('ok.JPG', 3, 'IMAGE/JPEG')],
      ]),
      'id',
      0,
    )
    expect(record.refused).toEqual([
      { name: 'page.html', reason: 'not-image' },
      { name: 'run.exe', reason: 'not-image' },
      { name: 'empty.png', reason: 'empty' },
      { name: 'big.png', reason: 'too-big' },
    ])
    expect(record.files.map((file) => [file.name, file.type])).toEqual([['ok.JPG', 'image/jpeg']])
  })

  it('takes text fields as text only: a file posted as text, or text posted as files, is ignored', () => {
    const record = readShareForm(
      form([
        ['text', new File(['not text'], 'text.txt', { type: 'text/plain' })],
        ['text', 'the real text'],
        ['title', new File(['x'], 'x')],
        ['files', 'just a string'],
      ]),
      'id',
      0,
    )
    expect(record).toMatchObject({ title: '', text: 'the real text', files: [], refused: [] })
  })

  it('cleans file names: no path, no control or direction characters, short', () => {
    expect(cleanName('../../etc/passwd', 'image')).toBe('passwd')
    expect(cleanName('C:\\Users\\me\\cat.png', 'image')).toBe('cat.png')
    expect(cleanName('evil\u202egnp.exe', 'image')).toBe('evilgnp.exe')
    expect(cleanName('a\u0000b\nc.png', 'image')).toBe('abc.png')
    expect(cleanName('   ', 'image')).toBe('image')
    expect(cleanName(`${'n'.repeat(1000)}.png`, 'image')).toHaveLength(SHARE_LIMITS.maxNameChars)
  })
})

describe('shareText: the draft a share becomes', () => {
  it('puts title, text and link on lines of their own, the link once', () => {
    expect(shareText({ title: 'T', text: 'see', url: 'https://a.example' })).toBe('T\nsee\nhttps://a.example')
    expect(shareText({ title: '', text: 'see https://a.example', url: 'https://a.example' })).toBe('see https://a.example')
    expect(shareText({ title: '', text: '', url: '' })).toBe('')
  })
})
