import { describe, expect, it } from 'vitest'
import { isIos, isStandalone } from './installPrompt'

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1'
const IPAD_DESKTOP_MODE = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Safari/605.1.15'
const ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36'

describe('isIos', () => {
  it('knows iPhones, and iPads that call themselves Macs', () => {
    expect(isIos({ userAgent: IPHONE })).toBe(true)
    expect(isIos({ userAgent: IPAD_DESKTOP_MODE, platform: 'MacIntel', maxTouchPoints: 5 })).toBe(true)
  })
  it('is false for a real Mac and for Android', () => {
    expect(isIos({ userAgent: IPAD_DESKTOP_MODE, platform: 'MacIntel', maxTouchPoints: 0 })).toBe(false)
    expect(isIos({ userAgent: ANDROID, platform: 'Linux armv8l', maxTouchPoints: 5 })).toBe(false)
  })
})

describe('isStandalone', () => {
  const media = (matches: boolean) => (query: string) => ({ matches: matches && query === '(display-mode: standalone)' })
  it('is true in standalone display mode or with Safari’s navigator.standalone', () => {
    expect(isStandalone(media(true), { userAgent: ANDROID })).toBe(true)
    expect(isStandalone(media(false), { userAgent: IPHONE, standalone: true })).toBe(true)
  })
  it('is false in a browser tab', () => {
    expect(isStandalone(media(false), { userAgent: IPHONE, standalone: false })).toBe(false)
    expect(isStandalone(media(false), { userAgent: ANDROID })).toBe(false)
  })
})
