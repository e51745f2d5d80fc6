import type { ReactNode } from 'react'
import { defineMessages, translate } from '../../../i18n'
import type { Inline } from '../../../markdown'
import { FootnoteRef } from './Footnotes'

export const INLINE_TEXT = defineMessages('chat.inlines', {
  image: 'Image',
  imageNamed: 'Image: {alt}',
})

/** Props every rendered link gets: a reply's link never runs in, or can reach back to, this page. */
export const LINK_PROPS = { target: '_blank', rel: 'noopener noreferrer' } as const

export function renderInlines(nodes: Inline[] | undefined): ReactNode[] {
  return (nodes ?? []).map(renderInline)
}

function renderInline(node: Inline, key: number): ReactNode {
  switch (node.type) {
    case 'text':
      return node.text
    case 'code':
      return <code key={key}>{node.text}</code>
    case 'br':
      return <br key={key} />
    case 'em':
      return <em key={key}>{renderInlines(node.children)}</em>
    case 'strong':
      return <strong key={key}>{renderInlines(node.children)}</strong>
    case 'del':
      return <del key={key}>{renderInlines(node.children)}</del>
    case 'link':
      return (
        <a key={key} href={node.href} title={node.title} {...LINK_PROPS}>
          {renderInlines(node.children)}
        </a>
      )
    case 'image':
      // NOTE: never an <img>: loading a reply's image URL would tell a third party that, and when, the
      // reply was read (and the CSP's img-src blocks it anyway). A link lets the reader choose.
      return (
        <a key={key} className="md-image" href={node.href} title={node.title} {...LINK_PROPS}>
          {node.alt ? translate(INLINE_TEXT, 'imageNamed', { alt: node.alt }) : translate(INLINE_TEXT, 'image')}
        </a>
      )
    case 'footnoteRef':
      return <FootnoteRef key={key} label={node.label} />
  }
}
