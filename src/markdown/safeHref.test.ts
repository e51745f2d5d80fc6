import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { unescapeText } from './entities'
import { IMAGE_PROTOCOLS, safeHref } from './safeHref'

describe('safeHref', () => {
  it.each([
    ['https://example.com', 'https://example.com/'],
    ['HTTP://Example.com/a b'.replace(' ', '%20'), 'http://example.com/a%20b'],
    ['mailto:me@example.com', 'mailto:me@example.com'],
    ['https://example.com/a?b=1&c=<x>#f', 'https://example.com/a?b=1&c=%3Cx%3E#f'],
  ])('allows %s', (raw, expected) => {
    expect(safeHref(raw)).toBe(expected)
  })

  it.each([
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    ' javascript:alert(1)',
    '\u0001javascript:alert(1)',
    'jav\tascript:alert(1)',
    'java\nscript:alert(1)',
    'data:text/html,x',
    'vbscript:msgbox',
    'file:///etc/passwd',
    '/relative',
    './x',
    '#top',
    '?q',
    '//evil.example/x',
    'https:evil.example',
    'http://',
    'https://ok.example/\u202eevil',
    'https://ok.example/\u200bx',
    'https://ok.example/ x',
    'blob:https://ok.example/uuid',
    'ftp://example.com',
    '',
    `https://x.example/${'a'.repeat(9000)}`,
  ])('refuses %j', (raw) => {
    expect(safeHref(raw)).toBeNull()
  })

  it('refuses entity-obfuscated schemes once decoded, as link destinations are', () => {
    for (const raw of ['jav&#x09;ascript:alert(1)', '&#106;avascript:alert(1)', 'javascript&colon;alert(1)', 'java\\script:x']) {
      expect(safeHref(unescapeText(raw))).toBeNull()
    }
  })

  it('allows only http(s) for images', () => {
    expect(safeHref('mailto:a@b.example', IMAGE_PROTOCOLS)).toBeNull()
    expect(safeHref('https://a.example/x.png', IMAGE_PROTOCOLS)).toBe('https://a.example/x.png')
  })

  it('never returns anything but an http(s)/mailto URL without spaces or controls', () => {
    const schemes = fc.constantFrom('', 'http:', 'https:', 'mailto:', 'javascript:', 'HTTPS://', 'data:', '//')
    fc.assert(
      fc.property(schemes, fc.string({ unit: 'binary', maxLength: 60 }), (scheme, rest) => {
        const href = safeHref(scheme + rest)
        return href === null || (/^(?:https?:\/\/|mailto:)/.test(href) && !/[\u0000-\u0020\u007f-\u009f]/.test(href))
      }),
      { numRuns: 1_000 },
    )
  }, 30_000)
})
