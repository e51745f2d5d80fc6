import type { Inline } from './ast'
import type { LinkMark, Token } from './inlineTokens'

/** Deeper emphasis or links are flattened into their parent: real replies never nest this far, and a
 * bounded tree keeps rendering (React's commit phase recurses) safe from hostile input. */
export const MAX_INLINE_DEPTH = 12

interface Frame {
  children: Inline[]
  depth: number
  /** Emphasis match id, or 0 for a link frame. */
  id: number
  type: 'em' | 'strong' | 'del' | 'link'
  link?: LinkMark & { isImage: boolean }
}

/** Builds the inline tree from scanned tokens in one left-to-right pass. */
export function buildInlineTree(tokens: Token[]): Inline[] {
  const root: Frame = { children: [], depth: 0, id: -1, type: 'em' }
  const stack: Frame[] = [root]
  const top = () => stack[stack.length - 1]!
  const open = (frame: Omit<Frame, 'children' | 'depth'>) => stack.push({ ...frame, children: [], depth: top().depth + 1 })

  for (const token of tokens) {
    if (token.kind === 'node') appendNode(top().children, token.node)
    else if (token.kind === 'open') {
      if (token.link) open({ id: 0, type: 'link', link: { ...token.link, isImage: token.isImage } })
      else appendText(top().children, token.isImage ? '![' : '[')
    } else if (token.kind === 'close') {
      if (top().type === 'link') closeFrame(stack)
    } else {
      const char = token.char
      for (const match of token.closes ?? []) {
        if (top().id === match.id) closeFrame(stack)
        else appendText(top().children, char.repeat(match.size)) // unbalanced: never expected, but stay safe
      }
      if (token.remaining > 0) appendText(top().children, char.repeat(token.remaining))
      const opens = token.opens ?? []
      for (let i = opens.length - 1; i >= 0; i--) {
        const match = opens[i]!
        open({ id: match.id, type: char === '~' ? 'del' : match.size === 2 ? 'strong' : 'em' })
      }
    }
  }
  while (stack.length > 1) closeFrame(stack)
  return root.children
}

function closeFrame(stack: Frame[]): void {
  const frame = stack.pop()!
  const parent = stack[stack.length - 1]!.children
  const link = frame.link
  if (link?.isImage) {
    const alt = plainText(frame.children)
    if (link.href) parent.push({ type: 'image', href: link.href, alt, title: link.title })
    else appendText(parent, alt)
  } else if (frame.depth > MAX_INLINE_DEPTH || (link && !link.href)) {
    // Too deep, or a link whose URL is not allowed: keep the text, drop the wrapper.
    for (const child of frame.children) appendNode(parent, child)
  } else if (link) parent.push({ type: 'link', href: link.href!, title: link.title, children: frame.children })
  else parent.push({ type: frame.type as 'em' | 'strong' | 'del', children: frame.children })
}

function appendNode(children: Inline[], node: Inline): void {
  if (node.type === 'text') appendText(children, node.text)
  else children.push(node)
}

function appendText(children: Inline[], text: string): void {
  const last = children[children.length - 1]
  if (last?.type === 'text') last.text += text
  else if (text) children.push({ type: 'text', text })
}

/** The visible text of inline nodes, e.g. an image's alt text. */
export function plainText(nodes: Inline[]): string {
  let out = ''
  for (const node of nodes) {
    if (node.type === 'text' || node.type === 'code') out += node.text
    else if (node.type === 'image') out += node.alt
    else if (node.type === 'br') out += ' '
    else if (node.type === 'footnoteRef') out += `[^${node.label}]`
    else out += plainText(node.children)
  }
  return out
}
