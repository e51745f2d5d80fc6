/**
 * The Markdown renderer is a chunk of its own, fetched the first time a reply on screen has Markdown
 * in it (plain replies are drawn without it, see PlainReply.tsx); until it is there such a reply
 * shows as raw text. The module loader shares one fetch between callers.
 */
export function loadMarkdown(): Promise<{ default: typeof import('./Markdown').Markdown }> {
  return import('./Markdown').then((module) => ({ default: module.Markdown }))
}
