/**
 * The parsed shape of a reply. It holds only what the renderer knows how to draw: raw HTML has no node
 * type, so it can only ever come out as text. Link and image nodes exist only with an allowed `href`.
 */
export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'br' }
  | { type: 'em' | 'strong' | 'del'; children: Inline[] }
  | { type: 'link'; href: string; title: string | undefined; children: Inline[] }
  | { type: 'image'; href: string; alt: string; title: string | undefined }
  /** A GFM footnote reference (`[^label]`) to a note that exists; the renderer numbers it. */
  | { type: 'footnoteRef'; label: string }

export type Align = 'left' | 'center' | 'right' | null

/** Inline content is kept as source text by the block pass and parsed once every reference is known. */
export interface InlineSource {
  text: string
  inlines?: Inline[]
}

export type Block =
  | ({ type: 'paragraph' } & InlineSource)
  | ({ type: 'heading'; level: number } & InlineSource)
  | { type: 'code'; lang: string; text: string }
  | { type: 'hr' }
  | { type: 'quote'; children: Block[] }
  | { type: 'list'; isOrdered: boolean; start: number; isLoose: boolean; items: ListItem[] }
  | { type: 'table'; align: Align[]; head: InlineSource[]; rows: InlineSource[][] }
  /** The notes a reply cites, in order of first citation: always the last block, made by parseMarkdown. */
  | { type: 'footnotes'; notes: Footnote[] }

export interface Footnote {
  label: string
  children: Block[]
}

export interface ListItem {
  /** null for a plain item; true/false for a GFM task item. */
  checked: boolean | null
  children: Block[]
}

/** Link reference definitions (`[label]: destination "title"`), keyed by normalised label. */
export type Refs = Map<string, { dest: string; title: string | undefined }>

/** Footnote definitions (`[^label]: text`), keyed by normalised label, each with its label as written. */
export type Notes = Map<string, Footnote>
