/**
 * Several "tabs" in one test process: Web Locks and a BroadcastChannel with the browser's semantics
 * (an exclusive lock granted to one holder at a time in request order, a waiting request aborted by
 * its signal, `ifAvailable` answered with null while the lock is held or asked for, the lock freed
 * when the holder's callback settles or its tab closes; a message reaches every other tab's
 * channel, never the sender's, asynchronously). Only tests import it.
 */
import { createTabs, type ChannelLike, type LockManagerLike, type Tabs } from '../tabLeadership'

type Waiter = { tab: number; grant: () => void }

export class FakeBrowser {
  private readonly held = new Map<string, { tab: number; release: () => void }>()
  private readonly queues = new Map<string, Waiter[]>()
  private readonly channels = new Map<number, Set<(event: { data: unknown }) => void>>()
  private readonly closed = new Set<number>()
  private nextTab = 0
  /** Every message posted, in order, with the tab that posted it. */
  readonly posted: Array<{ tab: number; data: unknown }> = []

  /** A new tab's Tabs, wired to this browser's locks and channel. */
  openTab(): { tab: number; tabs: Tabs } {
    const tab = this.nextTab++
    this.channels.set(tab, new Set())
    return { tab, tabs: createTabs(this.locksFor(tab), this.channelFor(tab)) }
  }

  /** Closes a tab as the browser does: its locks are released, its channel hears nothing more. */
  closeTab(tab: number): void {
    this.closed.add(tab)
    this.channels.delete(tab)
    for (const holder of [...this.held.values()]) if (holder.tab === tab) holder.release()
    for (const [name, queue] of this.queues)
      this.queues.set(
        name,
        queue.filter((waiter) => waiter.tab !== tab),
      )
  }

  holderOf(name: string): number | undefined {
    return this.held.get(name)?.tab
  }

  /** Sends raw data on the channel as if another tab (of another app version, say) had. */
  postRaw(data: unknown): void {
    for (const listeners of this.channels.values()) for (const listener of listeners) queueMicrotask(() => listener({ data }))
  }

  private locksFor(tab: number): LockManagerLike {
    return {
      request: (name, { signal, ifAvailable }, callback) =>
        new Promise((resolve, reject) => {
          // Held, or asked for by another tab first: "not available", answered on a later task.
          if (ifAvailable && (this.held.has(name) || (this.queues.get(name) ?? []).length > 0)) {
            queueMicrotask(() => callback(null).then(resolve, reject))
            return
          }
          const waiter: Waiter = {
            tab,
            grant: () => {
              let isReleased = false
              const release = () => {
                if (isReleased) return
                isReleased = true
                if (this.held.get(name)?.release === release) this.held.delete(name)
                this.grantNext(name)
              }
              this.held.set(name, { tab, release })
              callback({ name }).then(
                (value) => (release(), resolve(value)),
                (error) => (release(), reject(error)),
              )
            },
          }
          signal?.addEventListener('abort', () => {
            const queue = this.queues.get(name) ?? []
            if (!queue.includes(waiter)) return
            this.queues.set(
              name,
              queue.filter((other) => other !== waiter),
            )
            reject(new DOMException('aborted', 'AbortError'))
          })
          this.queues.set(name, [...(this.queues.get(name) ?? []), waiter])
          // Granted on a later task, as the browser does.
          queueMicrotask(() => this.grantNext(name))
        }),
    }
  }

  private grantNext(name: string): void {
    if (this.held.has(name)) return
    const queue = this.queues.get(name) ?? []
    const next = queue.shift()
    if (!next) return
    this.queues.set(name, queue)
    next.grant()
  }

  private channelFor(tab: number): ChannelLike {
    return {
      postMessage: (data) => {
        if (this.closed.has(tab)) return
        this.posted.push({ tab, data })
        // Structured clone: the receiver never shares the sender's object.
        const copy = structuredClone(data)
        for (const [other, listeners] of this.channels) {
          if (other === tab) continue
          for (const listener of listeners) queueMicrotask(() => listener({ data: copy }))
        }
      },
      addEventListener: (_type, listener) => {
        this.channels.get(tab)?.add(listener)
      },
    }
  }
}
