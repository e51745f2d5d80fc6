// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { findUnsafeMarkup } from './findUnsafeMarkup'

/** The checker guards every other test here, so it is tested too: it must see what it looks for. */
describe('findUnsafeMarkup', () => {
  const check = (html: string) => {
    const root = document.createElement('div')
    root.innerHTML = html
    return findUnsafeMarkup(root)
  }

  it('accepts inert markup', () => {
    expect(check('<p>a <a href="https://x.example" target="_blank" rel="noopener noreferrer">x</a></p><button class="md-copy">Copy code</button>')).toEqual([])
  })

  it.each([
    '<script>x</script>',
    '<img src=x>',
    '<svg></svg>',
    '<iframe></iframe>',
    '<form></form>',
    '<style></style>',
    '<math></math>',
    '<p onclick="x()">x</p>',
    '<p style="color:red">x</p>',
    '<a href="javascript:x" target="_blank" rel="noopener noreferrer">x</a>',
    '<a href="https://x.example">x</a>',
    '<a href="/x" target="_blank" rel="noopener noreferrer">x</a>',
    '<area href="https://x.example">',
    '<button>x</button>',
    '<details></details>',
  ])('flags %s', (html) => {
    expect(check(html)).not.toEqual([])
  })
})
