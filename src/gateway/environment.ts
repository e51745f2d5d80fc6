/**
 * What the client needs from its surroundings to reconnect at the right moments: is the browser
 * online, and tell me when it comes back online or the page becomes visible again.
 */
export interface Environment {
  isOnline(): boolean
  onOnline(callback: () => void): () => void
  onOffline(callback: () => void): () => void
  onVisible(callback: () => void): () => void
}

/** Always online, never fires: for Node, where there is no window. */
export const staticEnvironment: Environment = {
  isOnline: () => true,
  onOnline: () => () => {},
  onOffline: () => () => {},
  onVisible: () => () => {},
}

export function browserEnvironment(): Environment {
  if (typeof window === 'undefined' || typeof document === 'undefined') return staticEnvironment
  return {
    isOnline: () => navigator.onLine !== false,
    onOnline(callback) {
      window.addEventListener('online', callback)
      return () => window.removeEventListener('online', callback)
    },
    onOffline(callback) {
      window.addEventListener('offline', callback)
      return () => window.removeEventListener('offline', callback)
    },
    onVisible(callback) {
      const listener = () => {
        if (document.visibilityState === 'visible') callback()
      }
      document.addEventListener('visibilitychange', listener)
      return () => document.removeEventListener('visibilitychange', listener)
    },
  }
}
