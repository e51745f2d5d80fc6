/**
 * Whether the transcript shows each message's time: the reader's choice for this visit ("Show
 * times" beside the model picker), read by every message's actions. Module state shared by the two
 * lazy chunks that use it, so the first screen carries none of it.
 */
import { useSyncExternalStore } from 'react'

let shown = false
const listeners = new Set<() => void>()

export function setTimesShown(next: boolean): void {
  shown = next
  for (const listener of listeners) listener()
}

export function useTimesShown(): boolean {
  return useSyncExternalStore(
    (listener) => (listeners.add(listener), () => listeners.delete(listener)),
    () => shown,
  )
}
