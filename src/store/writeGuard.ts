/**
 * Per gateway, the device writes a feature has under way, so that forgetting the gateway can wait
 * for them, and no write starts once it is being forgotten. NOTE: without it a reply's cache write
 * or a draft save that was in flight when the user pressed Forget landed after the delete and left
 * that gateway's data behind.
 */
export type WriteGuard = {
  /** Runs the write unless the gateway is being forgotten (then resolves undefined without writing). */
  run<T>(gatewayId: string, write: () => Promise<T>): Promise<T | undefined>
  /** From now on no write of the gateway starts; resolves once those under way have settled. */
  close(gatewayId: string): Promise<void>
}

export function createWriteGuard(): WriteGuard {
  const inFlight = new Map<string, Set<Promise<unknown>>>()
  const closed = new Set<string>()
  return {
    run(gatewayId, write) {
      if (closed.has(gatewayId)) return Promise.resolve(undefined)
      const writing = write()
      const pending = inFlight.get(gatewayId) ?? new Set()
      inFlight.set(gatewayId, pending)
      pending.add(writing)
      const done = () => {
        pending.delete(writing)
        if (pending.size === 0 && inFlight.get(gatewayId) === pending) inFlight.delete(gatewayId)
      }
      writing.then(done, done)
      return writing
    },
    async close(gatewayId) {
      closed.add(gatewayId)
      await Promise.allSettled([...(inFlight.get(gatewayId) ?? [])])
    },
  }
}
