/**
 * A Markdown parser for assistant replies (CommonMark blocks and inlines, GFM tables, task items and
 * strikethrough). Framework-free: it turns text into a tree of plain objects, and the React renderer in
 * src/ui/chat/markdown draws that tree. Everything else in this folder is internal.
 */
export type { Align, Block, Inline, InlineSource, ListItem } from './ast'
export { parseMarkdown, type BlockCache } from './parseMarkdown'
