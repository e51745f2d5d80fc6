/**
 * The Markdown renderer is a chunk of its own, fetched in parallel with the chat screen rather than
 * before it: replies arrive over the gateway's WebSocket after the screen is up, and until the
 * renderer is there a reply shows as plain text. The module loader shares one fetch between callers.
 */
export function loadMarkdown(): Promise<{ default: typeof import('./Markdown').Markdown }> {
  return import('./Markdown').then((module) => ({ default: module.Markdown }))
}
