// @vitest-environment node
// Leadership across tabs: one Web Lock per gateway, granted in turn; messages to the other tabs.
import { describe, expect, it } from 'vitest'
import { leaderLockName, SINGLE_TAB, type TabMessage, type TabRole } from './tabLeadership'
import { FakeBrowser } from './testing/fakeTabs'
import { until } from './testing/storeTestkit'

function roles() {
  const seen: TabRole[] = []
  return { seen, onRole: (role: TabRole) => void seen.push(role) }
}

describe('leadership', () => {
  it('the first tab to claim a gateway leads; the next follows until the leader gives up, then leads', async () => {
    const browser = new FakeBrowser()
    const [first, second] = [browser.openTab(), browser.openTab()]
    const [firstRoles, secondRoles] = [roles(), roles()]
    const releaseFirst = first.tabs.claim('gw', firstRoles.onRole)
    const releaseSecond = second.tabs.claim('gw', secondRoles.onRole)
    // Nobody leads before the lock is granted, and the first tab, with nobody ahead of it, is never told it follows.
    expect(firstRoles.seen).toEqual([])
    await until(() => firstRoles.seen.at(-1) === 'leader')
    await until(() => secondRoles.seen.length > 0)
    expect(firstRoles.seen).toEqual(['leader'])
    expect(secondRoles.seen).toEqual(['follower'])
    expect(browser.holderOf(leaderLockName('gw'))).toBe(first.tab)

    await releaseFirst()
    await until(() => secondRoles.seen.at(-1) === 'leader')
    expect(browser.holderOf(leaderLockName('gw'))).toBe(second.tab)
    await releaseSecond()
    expect(browser.holderOf(leaderLockName('gw'))).toBeUndefined()
  })

  it('when the leading tab closes, the waiting tab takes over', async () => {
    const browser = new FakeBrowser()
    const [first, second] = [browser.openTab(), browser.openTab()]
    const secondRoles = roles()
    const firstRoles = roles()
    first.tabs.claim('gw', firstRoles.onRole)
    await until(() => firstRoles.seen.at(-1) === 'leader')
    second.tabs.claim('gw', secondRoles.onRole)
    browser.closeTab(first.tab)
    await until(() => secondRoles.seen.at(-1) === 'leader')
  })

  it('a tab that gives up while it waits never leads, and the lock goes to the next one', async () => {
    const browser = new FakeBrowser()
    const [first, second, third] = [browser.openTab(), browser.openTab(), browser.openTab()]
    const [firstRoles, secondRoles, thirdRoles] = [roles(), roles(), roles()]
    const releaseFirst = first.tabs.claim('gw', firstRoles.onRole)
    await until(() => firstRoles.seen.at(-1) === 'leader')
    const releaseSecond = second.tabs.claim('gw', secondRoles.onRole)
    third.tabs.claim('gw', thirdRoles.onRole)
    await until(() => secondRoles.seen.length > 0 && thirdRoles.seen.length > 0)
    await releaseSecond()
    await releaseFirst()
    await until(() => thirdRoles.seen.at(-1) === 'leader')
    expect(secondRoles.seen).toEqual(['follower'])
  })

  it('each gateway has its own leader', async () => {
    const browser = new FakeBrowser()
    const [first, second] = [browser.openTab(), browser.openTab()]
    const [a, b] = [roles(), roles()]
    first.tabs.claim('gw-a', a.onRole)
    second.tabs.claim('gw-b', b.onRole)
    await until(() => a.seen.at(-1) === 'leader' && b.seen.at(-1) === 'leader')
    expect([a.seen, b.seen]).toEqual([['leader'], ['leader']])
  })

  it('alone (no other tabs possible) a tab leads at once', () => {
    const alone = roles()
    SINGLE_TAB.claim('gw', alone.onRole)
    expect(alone.seen).toEqual(['leader'])
  })
})

describe('messages between tabs', () => {
  it('reach every other tab, never the sender; what does not parse is dropped', async () => {
    const browser = new FakeBrowser()
    const [first, second, third] = [browser.openTab(), browser.openTab(), browser.openTab()]
    const heard: Record<number, TabMessage[]> = { [first.tab]: [], [second.tab]: [], [third.tab]: [] }
    for (const { tab, tabs } of [first, second, third]) tabs.onMessage((message) => void heard[tab]!.push(message))

    first.tabs.post({ kind: 'forgotten', gatewayId: 'gw' })
    browser.postRaw({ kind: 'forgotten' })
    browser.postRaw({ kind: 'pump', gatewayId: 'gw', key: 'k', event: 'exploded' })
    browser.postRaw('forget everything')
    second.tabs.post({ kind: 'pump', gatewayId: 'gw', key: 'k', event: 'failed', error: 'refused' })
    await until(() => heard[first.tab]!.length === 1 && heard[third.tab]!.length === 2)

    expect(heard[first.tab]).toEqual([{ kind: 'pump', gatewayId: 'gw', key: 'k', event: 'failed', error: 'refused' }])
    expect(heard[second.tab]).toEqual([{ kind: 'forgotten', gatewayId: 'gw' }])
    expect(heard[third.tab]).toEqual([
      { kind: 'forgotten', gatewayId: 'gw' },
      { kind: 'pump', gatewayId: 'gw', key: 'k', event: 'failed', error: 'refused' },
    ])
  })
})
