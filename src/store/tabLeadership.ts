/**
 * Several tabs of the app, one delivery: per gateway, one tab leads (it alone runs the outbox pump
 * and the node link) and the others follow (they read: their operator link shows the chat live).
 * Leadership is a Web Lock per gateway, held for as long as the tab leads; the browser releases it
 * when the tab closes, and the next waiting tab is granted it. A BroadcastChannel tells the other
 * tabs what must change everywhere at once (a gateway forgotten, records changed, an outbox entry
 * added, the leader's progress on an entry). Framework-free: the locks and the channel are injected,
 * so tests run two "tabs" in one process with fakes (store/testing/fakeTabs.ts).
 */
import * as z from 'zod/mini'

/** The part of the Web Locks API used here (navigator.locks). */
export type LockManagerLike = {
  /** With `ifAvailable`, the callback gets `null` at once when the lock is held or asked for by another tab. */
  request(name: string, options: { signal?: AbortSignal; ifAvailable?: boolean }, callback: (lock: unknown) => Promise<unknown>): Promise<unknown>
}

/** The part of a BroadcastChannel used here: it delivers to every other tab, never to the sender. */
export type ChannelLike = {
  postMessage(message: unknown): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
}

const PumpEventName = z.literal(['sending', 'acked', 'queued', 'failed'])

/**
 * What one tab tells the others; parsed on arrival (a tab of another app version may speak otherwise).
 * A plain union: each member's literal `kind` tells them apart (z.discriminatedUnion costs 520 B gzip).
 */
export const TabMessage = z.union([
  /** The user forgot the gateway in a tab: every tab stops its clients, wipes, and writes nothing more. */
  z.object({ kind: z.literal('forgotten'), gatewayId: z.string() }),
  /** Saved gateway records changed (a gateway paired, a role added, removed or changed, a rename). */
  z.object({ kind: z.literal('gateways') }),
  /** An outbox entry was added or retried: the leader delivers it, every tab shows it. */
  z.object({ kind: z.literal('outbox'), gatewayId: z.string() }),
  /** The leader's progress on an entry, so the tab where it was typed shows it as it happens. */
  z.object({ kind: z.literal('pump'), gatewayId: z.string(), key: z.string(), event: PumpEventName, error: z.optional(z.string()) }),
])
export type TabMessage = z.infer<typeof TabMessage>

export type TabRole = 'leader' | 'follower'

export type Tabs = {
  /**
   * Competes for the gateway's leadership: `onRole('leader')` if the lock is free, else
   * `onRole('follower')` and, once the lock is granted, `onRole('leader')`. A tab nobody is ahead of
   * is never told it follows. The returned function gives up (or stops waiting) and resolves once
   * the lock is free for the next tab.
   */
  claim(gatewayId: string, onRole: (role: TabRole) => void): () => Promise<void>
  post(message: TabMessage): void
  onMessage(listener: (message: TabMessage) => void): () => void
}

/** One lock per gateway; the id is the app's own random id for the saved gateway. */
export const leaderLockName = (gatewayId: string) => `openclaw-companion.leader.${gatewayId}`

/** The only tab there is: it leads every gateway at once and has nobody to tell (tests, no Web Locks). */
export const SINGLE_TAB: Tabs = {
  claim(_gatewayId, onRole) {
    onRole('leader')
    return () => Promise.resolve()
  },
  post: () => undefined,
  onMessage: () => () => undefined,
}

export const tabsOf = (deps: { tabs?: Tabs }): Tabs => deps.tabs ?? SINGLE_TAB

export function createTabs(locks: LockManagerLike, channel: ChannelLike): Tabs {
  const listeners = new Set<(message: TabMessage) => void>()
  channel.addEventListener('message', (event) => {
    const parsed = TabMessage.safeParse(event.data)
    if (!parsed.success) return
    for (const listener of [...listeners]) listener(parsed.data)
  })

  return {
    claim(gatewayId, onRole) {
      const controller = new AbortController()
      let isGivenUp = false
      let letGo: () => void = () => undefined
      const held = new Promise<void>((resolve) => (letGo = resolve))
      /** Leads while the lock is held; false when there was no lock to hold (or the tab gave up meanwhile). */
      const lead = async (lock: unknown): Promise<boolean> => {
        if (lock === null || isGivenUp) return false
        onRole('leader')
        await held
        return true
      }
      // First ask whether anyone is ahead: a follower note that shows for a moment in a tab on its
      // own would still be announced (the note is a live region).
      const request = locks
        .request(leaderLockName(gatewayId), { ifAvailable: true }, lead)
        .then((isLed) => {
          if (isLed || isGivenUp) return
          onRole('follower')
          return locks.request(leaderLockName(gatewayId), { signal: controller.signal }, lead)
        })
        // Aborted while waiting (the tab gave up before its turn): nothing to release.
        .catch(() => undefined)
      return async () => {
        isGivenUp = true
        controller.abort()
        letGo()
        await request
      }
    },
    post: (message) => channel.postMessage(message),
    onMessage(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

/** Grants every request at once: each tab leads (no Web Locks), but forget still reaches every tab. */
const GRANT_ALL: LockManagerLike = { request: (_name, _options, callback) => callback(undefined) }

/**
 * The browser's tabs. NOTE: Web Locks exist only in secure contexts (https, localhost); without
 * them every tab leads as before, the only fallback that still delivers (a tab waiting for a leader
 * that can never be elected would never send).
 */
export function browserTabs(): Tabs {
  if (typeof BroadcastChannel === 'undefined') return SINGLE_TAB
  return createTabs(globalThis.navigator?.locks ?? GRANT_ALL, new BroadcastChannel('openclaw-companion.tabs'))
}
