/** Time is injected so tests can drive reconnects with fake timers or a hand-cranked clock. */
export type TimerId = ReturnType<typeof setTimeout>
export interface Timers {
  set(callback: () => void, ms: number): TimerId
  clear(id: TimerId | undefined): void
  now(): number
}

// Arrows, not references, so vi.useFakeTimers still takes effect after this module is loaded.
export const defaultTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (id) => {
    if (id !== undefined) clearTimeout(id)
  },
  now: () => Date.now(),
}
