import { Fragment, type ReactNode } from 'react'
import type { Align, Block, InlineSource, ListItem } from '../../../markdown'
import { defineMessages, translate } from '../../../i18n'
import { CodeBlock } from './CodeBlock'
import { Footnotes } from './Footnotes'
import { renderInlines } from './renderInlines'

// The page already has h1 (app title) and h2 (panels, chat): a reply's "# Title" nests under them as h3.
const HEADINGS = ['h3', 'h4', 'h5', 'h6', 'h6', 'h6'] as const

export function renderBlocks(blocks: Block[], isTight = false): ReactNode[] {
  return blocks.map((block, key) => renderBlock(block, key, isTight))
}

/** One block as React elements. `isTight`: inside a tight list item, paragraphs are not wrapped in <p>. */
export function renderBlock(block: Block, key: number, isTight = false): ReactNode {
  switch (block.type) {
    case 'paragraph':
      return isTight ? <Fragment key={key}>{renderInlines(block.inlines)}</Fragment> : <p key={key}>{renderInlines(block.inlines)}</p>
    case 'heading': {
      const Heading = HEADINGS[block.level - 1] ?? 'h6'
      return <Heading key={key}>{renderInlines(block.inlines)}</Heading>
    }
    case 'code':
      return <CodeBlock key={key} code={block.text} lang={block.lang} />
    case 'hr':
      return <hr key={key} />
    case 'quote':
      return <blockquote key={key}>{renderBlocks(block.children)}</blockquote>
    case 'list': {
      const items = block.items.map((item, index) => renderItem(item, index, !block.isLoose))
      return block.isOrdered ? (
        <ol key={key} start={block.start === 1 ? undefined : block.start}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      )
    }
    case 'table':
      return (
        <div key={key} className="md-table">
          <table>
            <thead>
              <tr>{block.head.map((cell, column) => renderCell('th', cell, column, block.align[column]))}</tr>
            </thead>
            <tbody>
              {block.rows.map((row, index) => (
                <tr key={index}>{row.map((cell, column) => renderCell('td', cell, column, block.align[column]))}</tr>
              ))}
            </tbody>
          </table>
        </div>
      )
    case 'footnotes':
      return <Footnotes key={key} block={block} />
  }
}

export const BLOCK_TEXT = defineMessages('chat.markdown', {
  done: 'Done',
  notDone: 'Not done',
})

function renderItem(item: ListItem, key: number, isTight: boolean): ReactNode {
  if (item.checked === null) return <li key={key}>{renderBlocks(item.children, isTight)}</li>
  // A text box, not <input type=checkbox>: a reply gets no form controls, and this one has nothing to do.
  return (
    <li key={key} className="md-task">
      <span className="md-task-box" role="img" aria-label={translate(BLOCK_TEXT, item.checked ? 'done' : 'notDone')}>
        {item.checked ? '☑' : '☐'}
      </span>{' '}
      {renderBlocks(item.children, isTight)}
    </li>
  )
}

function renderCell(Tag: 'th' | 'td', cell: InlineSource, key: number, align: Align | undefined): ReactNode {
  // Alignment is a class, never a style attribute: the CSP (style-src 'self') blocks inline styles.
  return (
    <Tag key={key} className={align ? `md-align-${align}` : undefined}>
      {renderInlines(cell.inlines)}
    </Tag>
  )
}
