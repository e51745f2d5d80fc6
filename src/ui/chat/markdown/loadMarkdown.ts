/**
 * The Markdown renderer is a chunk of its own, fetched in parallel with the chat screen rather than
 * before it: replies arrive over the gateway's WebSocket after the screen is up, and until the
 * renderer is there a reply shows as plain text. Every caller shares one import.
 */
let loading: Promise<{ default: typeof import('./Markdown').Markdown }> | undefined

export function loadMarkdown(): Promise<{ default: typeof import('./Markdown').Markdown }> {
  loading ??= import('./Markdown').then(
    (module) => ({ default: module.Markdown }),
    (error: unknown) => {
      loading = undefined // a failed fetch (offline, a new deploy) is tried again by the next caller
      throw error
    },
  )
  return loading
}
