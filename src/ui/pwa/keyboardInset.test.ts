import { describe, expect, it } from 'vitest'
import { KEYBOARD_INSET_PROPERTY, keyboardInset, watchKeyboardInset } from './keyboardInset'

/** A visual viewport we can move, like a phone's when its keyboard opens. */
class FakeViewport extends EventTarget {
  height = 740
  offsetTop = 0
  scale = 1
  move(next: Partial<Pick<FakeViewport, 'height' | 'offsetTop' | 'scale'>>, type: 'resize' | 'scroll' = 'resize') {
    Object.assign(this, next)
    this.dispatchEvent(new Event(type))
  }
}

function fakeStyle() {
  const values = new Map<string, string>()
  return {
    values,
    setProperty: (name: string, value: string | null) => void values.set(name, value ?? ''),
    removeProperty: (name: string) => (values.delete(name), ''),
  }
}

describe('keyboardInset', () => {
  it('is what the keyboard hides below the visual viewport', () => {
    expect(keyboardInset(740, { height: 740, offsetTop: 0, scale: 1 })).toBe(0)
    expect(keyboardInset(740, { height: 420, offsetTop: 0, scale: 1 })).toBe(320)
    // iOS scrolls the visual viewport down inside the layout viewport when the keyboard opens.
    expect(keyboardInset(740, { height: 420, offsetTop: 100, scale: 1 })).toBe(220)
  })

  it('is never negative, and 0 while pinch-zoomed', () => {
    expect(keyboardInset(740, { height: 760, offsetTop: 0, scale: 1 })).toBe(0)
    expect(keyboardInset(740, { height: 370, offsetTop: 0, scale: 2 })).toBe(0)
  })
})

describe('watchKeyboardInset', () => {
  it('publishes the inset as the keyboard opens, scrolls and closes, and clears it when stopped', () => {
    const viewport = new FakeViewport()
    const style = fakeStyle()
    const stop = watchKeyboardInset({ innerHeight: 740, visualViewport: viewport }, style)
    expect(style.values.get(KEYBOARD_INSET_PROPERTY)).toBe('0px')
    viewport.move({ height: 400 })
    expect(style.values.get(KEYBOARD_INSET_PROPERTY)).toBe('340px')
    viewport.move({ offsetTop: 40 }, 'scroll')
    expect(style.values.get(KEYBOARD_INSET_PROPERTY)).toBe('300px')
    viewport.move({ height: 740, offsetTop: 0 })
    expect(style.values.get(KEYBOARD_INSET_PROPERTY)).toBe('0px')
    stop()
    expect(style.values.has(KEYBOARD_INSET_PROPERTY)).toBe(false)
    viewport.move({ height: 300 })
    expect(style.values.has(KEYBOARD_INSET_PROPERTY)).toBe(false)
  })

  it('does nothing where there is no visual viewport', () => {
    const style = fakeStyle()
    watchKeyboardInset({ innerHeight: 740, visualViewport: null }, style)()
    expect(style.values.size).toBe(0)
  })
})
