/**
 * How much of the layout viewport the on-screen keyboard covers, published as the CSS custom
 * property --keyboard-inset so the composer can sit above it.
 *
 * NOTE: mobile browsers shrink only the visual viewport when the keyboard opens (Chrome's default
 * `interactive-widget=resizes-visual`, and iOS Safari), so position:fixed/sticky content at the
 * bottom of the layout viewport ends up under the keyboard unless lifted by this amount.
 */
export const KEYBOARD_INSET_PROPERTY = '--keyboard-inset'

type Viewport = Pick<VisualViewport, 'height' | 'offsetTop' | 'scale' | 'addEventListener' | 'removeEventListener'>
type Host = { innerHeight: number; visualViewport: Viewport | null }
type Style = Pick<CSSStyleDeclaration, 'setProperty' | 'removeProperty'>

/** Pixels between the bottom of the visual viewport and the bottom of the layout viewport. */
export function keyboardInset(layoutHeight: number, viewport: Pick<Viewport, 'height' | 'offsetTop' | 'scale'>): number {
  // A pinch-zoomed viewport is smaller for another reason; lifting the composer then would be wrong.
  if (Math.abs(viewport.scale - 1) > 0.01) return 0
  return Math.max(0, Math.round(layoutHeight - viewport.height - viewport.offsetTop))
}

/** Keeps --keyboard-inset on `style` current; returns the function that stops and clears it. */
export function watchKeyboardInset(host: Host, style: Style): () => void {
  const viewport = host.visualViewport
  if (!viewport) return () => {}
  let last = -1
  const update = () => {
    const inset = keyboardInset(host.innerHeight, viewport)
    if (inset === last) return
    last = inset
    style.setProperty(KEYBOARD_INSET_PROPERTY, `${inset}px`)
  }
  update()
  viewport.addEventListener('resize', update)
  viewport.addEventListener('scroll', update)
  return () => {
    viewport.removeEventListener('resize', update)
    viewport.removeEventListener('scroll', update)
    style.removeProperty(KEYBOARD_INSET_PROPERTY)
  }
}
