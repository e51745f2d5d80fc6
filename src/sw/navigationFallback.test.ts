import { describe, expect, it } from 'vitest'
import { isAppShellNavigation } from './navigationFallback'

const ORIGIN = 'https://companion.example'
const navigate = (path: string) => isAppShellNavigation({ request: { mode: 'navigate' }, url: new URL(path, ORIGIN) })

describe('isAppShellNavigation', () => {
  it.each(['/', '/some/deep/link', '/?gateway=abc', '/chat?file=a.png', '/v1.2/chat', '/trailing/slash/'])(
    'answers a navigation to %s with the shell',
    (path) => {
      expect(navigate(path)).toBe(true)
    },
  )

  it.each(['/sw.js', '/no-such-icon.png', '/manifest.webmanifest', '/assets/index-abc123.js', '/ICON.PNG', '/favicon.svg?v=2', '/index.html'])(
    'leaves %s to the network (the path names a file)',
    (path) => {
      expect(navigate(path)).toBe(false)
    },
  )

  it.each(['cors', 'no-cors', 'same-origin'])('never answers a %s request, only navigations', (mode) => {
    expect(isAppShellNavigation({ request: { mode }, url: new URL('/some/deep/link', ORIGIN) })).toBe(false)
  })
})
