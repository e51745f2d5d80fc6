import { describe, expect, it } from 'vitest'
import type { ChatItem } from './chatItems'
import { withLatestPage, withOlderPage, type HistoryWindow } from './historyPages'

const items = (...ids: string[]): ChatItem[] => ids.map((id) => ({ kind: 'user', id, text: `text ${id}`, state: 'answered' }))
const ids = (window: HistoryWindow) => window.history.map((item) => item.id)

describe('withLatestPage', () => {
  // The reader scrolled back to m1; the older cursor points past it.
  const read: HistoryWindow = { history: items('m1', 'm2', 'm3', 'm4', 'm5'), hasOlder: true, olderOffset: 40 }

  it('keeps the older items a reader loaded when the newest page reaches back into them, with their cursor', () => {
    const latest = withLatestPage(read, { history: items('m3', 'm4', 'm5', 'm6'), hasOlder: true, olderOffset: 4 })
    expect(ids(latest)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6'])
    expect(latest).toMatchObject({ hasOlder: true, olderOffset: 40, isReplaced: false })
  })

  it('keeps "nothing older" once the reader has reached the start of the session', () => {
    const latest = withLatestPage({ ...read, hasOlder: false, olderOffset: null }, { history: items('m4', 'm5', 'm6'), hasOlder: true, olderOffset: 3 })
    expect(ids(latest)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6'])
    expect(latest).toMatchObject({ hasOlder: false, olderOffset: null, isReplaced: false })
  })

  it('takes the page for its own range: an item the page no longer has is not kept', () => {
    const latest = withLatestPage(read, { history: items('m3', 'm5', 'm6'), hasOlder: true, olderOffset: 3 })
    expect(ids(latest)).toEqual(['m1', 'm2', 'm3', 'm5', 'm6'])
  })

  it('replaces everything when the page does not reach the loaded items (a gap), or starts where they start', () => {
    const gap = withLatestPage(read, { history: items('m8', 'm9'), hasOlder: true, olderOffset: 2 })
    expect(ids(gap)).toEqual(['m8', 'm9'])
    expect(gap).toMatchObject({ hasOlder: true, olderOffset: 2, isReplaced: true })
    const same = withLatestPage(read, { history: items('m1', 'm2', 'm3', 'm4', 'm5', 'm6'), hasOlder: true, olderOffset: 6 })
    expect(same).toMatchObject({ olderOffset: 6, isReplaced: true })
  })

  it('replaces everything with a page that holds the whole session', () => {
    const whole = withLatestPage(read, { history: items('m3', 'm4', 'm5', 'm6'), hasOlder: false, olderOffset: null })
    expect(ids(whole)).toEqual(['m3', 'm4', 'm5', 'm6'])
    expect(whole).toMatchObject({ hasOlder: false, isReplaced: true })
  })

  it('fills an empty transcript with the page', () => {
    const first = withLatestPage({ history: [], hasOlder: false, olderOffset: null }, { history: items('m5', 'm6'), hasOlder: true, olderOffset: 2 })
    expect(first).toMatchObject({ hasOlder: true, olderOffset: 2, isReplaced: true })
    expect(ids(first)).toEqual(['m5', 'm6'])
  })
})

describe('withOlderPage', () => {
  it('puts the page before the loaded history without the items it repeats, and takes its cursor', () => {
    const older = withOlderPage(
      { history: items('m3', 'm4'), hasOlder: true, olderOffset: 2 },
      { history: items('m1', 'm2', 'm3'), hasOlder: false, olderOffset: null },
    )
    expect(ids(older)).toEqual(['m1', 'm2', 'm3', 'm4'])
    expect(older).toMatchObject({ hasOlder: false, olderOffset: null })
  })
})
