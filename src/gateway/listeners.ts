/**
 * The listeners of one kind of news (events, statuses, diagnostics), called the way EventTarget
 * calls them: one that throws is reported and the others still get the value. A throw would
 * otherwise also escape the socket's message handler in the middle of a frame.
 */
export class Listeners<T> {
  private readonly listeners = new Set<(value: T) => void>()

  /** Adds `listener`; the function returned removes it again. */
  add(listener: (value: T) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  notify(value: T): void {
    for (const listener of this.listeners) {
      try {
        listener(value)
      } catch (error) {
        reportListenerError(error)
      }
    }
  }
}

function reportListenerError(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError
  if (typeof report === 'function') report(error)
  else console.error(error)
}
