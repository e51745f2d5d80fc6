import type { Block, Inline, InlineSource, ListItem } from '../ast'

/**
 * The parsed tree as the HTML the CommonMark and GFM spec examples expect (`<p>`, `<pre><code>`,
 * `<br />`…), so the official examples can be run against the parser. Only tests use it: the app draws
 * the same tree with React (src/ui/chat/markdown), the same element for each node.
 */
export function specHtml(blocks: Block[]): string {
  return blocks.map((block) => blockHtml(block, false)).join('')
}

function blockHtml(block: Block, isTight: boolean): string {
  switch (block.type) {
    case 'paragraph':
      return isTight ? `${inlineHtml(block)}\n` : `<p>${inlineHtml(block)}</p>\n`
    case 'heading':
      return `<h${block.level}>${inlineHtml(block)}</h${block.level}>\n`
    case 'code': {
      const attr = block.lang ? ` class="language-${escapeHtml(block.lang)}"` : ''
      return `<pre><code${attr}>${escapeHtml(block.text)}${block.text ? '\n' : ''}</code></pre>\n`
    }
    case 'hr':
      return '<hr />\n'
    case 'quote':
      return `<blockquote>\n${specHtml(block.children)}</blockquote>\n`
    case 'list': {
      const tag = block.isOrdered ? 'ol' : 'ul'
      const start = block.isOrdered && block.start !== 1 ? ` start="${block.start}"` : ''
      return `<${tag}${start}>\n${block.items.map((item) => itemHtml(item, !block.isLoose)).join('')}</${tag}>\n`
    }
    case 'table': {
      const cells = (tag: string, row: InlineSource[]) =>
        row.map((cell, column) => `<${tag}${block.align[column] ? ` align="${block.align[column]}"` : ''}>${inlineHtml(cell)}</${tag}>\n`).join('')
      const body = block.rows.length ? `<tbody>\n${block.rows.map((row) => `<tr>\n${cells('td', row)}</tr>\n`).join('')}</tbody>\n` : ''
      return `<table>\n<thead>\n<tr>\n${cells('th', block.head)}</tr>\n</thead>\n${body}</table>\n`
    }
    case 'footnotes': // not in either suite; drawn as GitHub does, for completeness
      return `<section class="footnotes">\n<ol>\n${block.notes.map((note) => `<li>\n${specHtml(note.children)}</li>\n`).join('')}</ol>\n</section>\n`
  }
}

function itemHtml(item: ListItem, isTight: boolean): string {
  const box = item.checked === null ? '' : `<input ${item.checked ? 'checked="" ' : ''}disabled="" type="checkbox"> `
  const inner = item.children.map((child) => blockHtml(child, isTight)).join('')
  return `<li>${box}${inner.endsWith('\n') && isTight && item.children.at(-1)?.type === 'paragraph' ? inner.slice(0, -1) : inner}</li>\n`
}

function inlineHtml(source: InlineSource): string {
  return inlinesHtml(source.inlines ?? [])
}

function inlinesHtml(nodes: Inline[]): string {
  return nodes.map(nodeHtml).join('')
}

function nodeHtml(node: Inline): string {
  switch (node.type) {
    case 'text':
      return escapeHtml(node.text)
    case 'code':
      return `<code>${escapeHtml(node.text)}</code>`
    case 'br':
      return '<br />\n'
    case 'em':
    case 'strong':
    case 'del':
      return `<${node.type}>${inlinesHtml(node.children)}</${node.type}>`
    case 'link':
      return `<a href="${escapeHtml(node.href)}"${titleAttr(node.title)}>${inlinesHtml(node.children)}</a>`
    case 'image':
      return `<img src="${escapeHtml(node.href)}" alt="${escapeHtml(node.alt)}"${titleAttr(node.title)} />`
    case 'footnoteRef':
      return `<sup><a href="#fn-${escapeHtml(node.label)}">${escapeHtml(node.label)}</a></sup>`
  }
}

function titleAttr(title: string | undefined): string {
  return title === undefined ? '' : ` title="${escapeHtml(title)}"`
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

const BLOCK_TAG = /\s*(<\/?(?:p|h[1-6]|pre|blockquote|ul|ol|li|hr|table|thead|tbody|tr|th|td|section|div)(?:\s[^>]*)?\/?>)\s*/g
const HREF = /(href|src)="([^"]*)"/g

/**
 * Makes two HTML renderings comparable the way the spec's own test runner does: no whitespace around
 * block tags, and URLs in their serialised form (`http://a.example` and `http://a.example/` are one URL).
 */
export function normalizeHtml(html: string): string {
  return html
    .replace(BLOCK_TAG, '$1')
    .replace(HREF, (_, name: string, value: string) => `${name}="${escapeHtml(serialisedUrl(decodeAttribute(value)))}"`)
    .trim()
}

function decodeAttribute(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

function serialisedUrl(url: string): string {
  if (!/^(?:https?:\/\/|mailto:)/i.test(url)) return url
  try {
    return new URL(url).href
  } catch {
    return url
  }
}
