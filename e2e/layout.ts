/**
 * Layout facts a screenshot cannot state, read from the page: sideways scrolling, and text that is cut
 * off. Used by i18n.spec.ts on the pseudo-locale's ~40 % longer text, where a box sized for English shows.
 */
import type { Page } from '@playwright/test'

/**
 * Every way the page cuts text off or overflows at its current size, worded for a test failure:
 * - the page scrolls sideways;
 * - an element that hides its overflow (overflow hidden/clip, text-overflow: ellipsis) has more content
 *   than room, across or down (a truncated title, a label cut in half);
 * - a text element's content spills out of its box (a long word wider than its button);
 * - a text field's placeholder does not fit the empty field.
 * Scroll containers (overflow auto/scroll) are allowed to be larger inside, and the visually hidden
 * labels for screen readers clip on purpose.
 */
export function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = []
    const root = document.documentElement
    if (root.scrollWidth > root.clientWidth) problems.push(`the page scrolls sideways by ${root.scrollWidth - root.clientWidth}px`)
    const named = (element: Element) =>
      `${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).split(' ').join('.')}` : ''} "${(element.textContent ?? '').trim().slice(0, 50)}"`
    const clipsOnPurpose = (element: Element) => element.closest('.visually-hidden') !== null || getComputedStyle(element).clip === 'rect(0px, 0px, 0px, 0px)'
    const hasOwnText = (element: Element) => [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent?.trim())
    for (const element of document.body.querySelectorAll<HTMLElement>('*')) {
      if (element.getClientRects().length === 0 || clipsOnPurpose(element)) continue
      const style = getComputedStyle(element)
      if (style.display === 'inline' || style.display === 'contents') continue
      // An ellipsis whose whole text is in the tooltip cuts on purpose (a session's title from the gateway).
      if (style.textOverflow === 'ellipsis' && element.title && element.title.trim() === (element.textContent ?? '').trim()) continue
      const wider = element.scrollWidth - element.clientWidth
      const taller = element.scrollHeight - element.clientHeight
      const hidesX = style.overflowX === 'hidden' || style.overflowX === 'clip' || style.textOverflow === 'ellipsis'
      const hidesY = style.overflowY === 'hidden' || style.overflowY === 'clip'
      const scrolls = (overflow: string) => overflow === 'auto' || overflow === 'scroll'
      if (hidesX && wider > 1) problems.push(`${named(element)} is cut off: ${element.scrollWidth}px of content in ${element.clientWidth}px`)
      else if (hidesY && taller > 1) problems.push(`${named(element)} is cut off: ${element.scrollHeight}px of content in ${element.clientHeight}px high`)
      else if (!scrolls(style.overflowX) && wider > 1 && hasOwnText(element))
        problems.push(`${named(element)} spills out of its box: ${element.scrollWidth}px of text in ${element.clientWidth}px`)
    }
    // A placeholder is not content (scrollWidth ignores it): measure it as the value, then put the empty value back.
    for (const field of document.body.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input[placeholder], textarea[placeholder]')) {
      if (field.value || field.getClientRects().length === 0) continue
      field.value = field.placeholder
      const cut = field.scrollWidth > field.clientWidth + 1 || field.scrollHeight > field.clientHeight + 1
      if (cut) problems.push(`the placeholder of ${named(field)} "${field.placeholder}" is cut off in ${field.clientWidth}×${field.clientHeight}px`)
      field.value = ''
    }
    return problems
  })
}
