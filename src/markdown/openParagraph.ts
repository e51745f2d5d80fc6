import { indentOf, isBlank, isFenceClose, isThematicBreak, parseAtxHeading, parseFence, parseListMarker, quoteContentStart, setextLevel } from './blockSyntax'

/** Bounds the markers peeled off one line (as MAX_BLOCK_DEPTH bounds nesting). */
const MAX_MARKERS = 16

/**
 * Follows the lines a container (block quote or list item) takes, to tell whether its content ends in an
 * open paragraph: only then may an unmarked line continue it lazily (CommonMark). After a fenced code
 * block, a heading or a blank line, the next unmarked line is not the container's. One step per line,
 * so a long container stays linear.
 */
export class OpenParagraph {
  private fence: { char: string; length: number } | null = null
  isOpen = false

  /** A line that went into the container as its own content (not a lazy continuation, which changes nothing). */
  add(line: string): void {
    const content = innermost(line)
    if (this.fence) {
      if (isFenceClose(content.trimStart(), this.fence)) this.fence = null
      return
    }
    const fence = isBlank(content) ? null : parseFence(content)
    if (fence) this.fence = fence
    if (fence || isBlank(content) || parseAtxHeading(content) || isThematicBreak(content) || (this.isOpen && setextLevel(content))) this.isOpen = false
    else if (this.isOpen || indentOf(content) < 4) this.isOpen = true
  }
}

/** The line without the quote and list markers of containers nested inside the one being read. */
function innermost(line: string): string {
  let content = line
  for (let depth = 0; depth < MAX_MARKERS; depth++) {
    const quote = quoteContentStart(content)
    const marker = quote >= 0 ? null : parseListMarker(content)
    if (quote >= 0) content = content.slice(quote)
    else if (marker && !isThematicBreak(content)) content = marker.firstLine
    else break
  }
  return content
}
