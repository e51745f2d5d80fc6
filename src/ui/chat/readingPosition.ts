/**
 * Where the reader is in a scrolled transcript: the message at the top of the view and how far it
 * sits from the top. NOTE: messages go in above the reader (earlier pages) and come and go at both
 * ends (the rendered window slides as replies arrive); putting that message back where it was keeps
 * the text being read still. The browser's own scroll anchoring would do this, but Safari has none,
 * so the transcript turns it off (overflow-anchor) and does it here for every browser alike.
 */
export type ReadingPosition = { id: string; offset: number }

const messagesIn = (scroller: HTMLElement) => scroller.querySelectorAll<HTMLElement>('[data-item-id]')

export function readingPosition(scroller: HTMLElement): ReadingPosition | null {
  const top = scroller.getBoundingClientRect().top
  for (const message of messagesIn(scroller)) {
    const box = message.getBoundingClientRect()
    if (box.bottom > top) return { id: message.dataset.itemId ?? '', offset: box.top - top }
  }
  return null
}

/** Scrolls so the message of `position` is as far from the top as it was; nothing if it is gone. */
export function keepReadingPosition(scroller: HTMLElement, position: ReadingPosition | null): void {
  if (!position) return
  const message = scroller.querySelector<HTMLElement>(`[data-item-id="${CSS.escape(position.id)}"]`)
  if (!message) return
  const offset = message.getBoundingClientRect().top - scroller.getBoundingClientRect().top
  scroller.scrollTop += offset - position.offset
}
