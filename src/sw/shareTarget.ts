/**
 * The share target's POST (manifest `share_target`, vite.config.ts): another app shares a title, text, a link
 * and images; the worker reads the form with limits (gateway/share), stores it in IndexedDB and answers with a
 * redirect into the app, which puts it in a composer and sends nothing by itself. The worker answers even
 * when the app is closed or the device offline: nothing here needs the network.
 */
import { readShareForm, SHARE_PATH, type ShareRecord } from '../gateway/share'

export type ShareStore = { save(record: ShareRecord): Promise<void>; newId(): string; now(): number }

export const isSharePost = (request: { method: string; url: string }, basePath: string): boolean =>
  request.method === 'POST' && new URL(request.url).pathname === `${basePath}${SHARE_PATH}`

/** Stores the share and opens the app at `?share=<id>` (303: the browser follows with a GET); `?share=unreadable` when it could not. */
export async function receiveShare(request: Request, basePath: string, store: ShareStore): Promise<Response> {
  let shareId = 'unreadable'
  try {
    const record = readShareForm(await request.formData(), store.newId(), store.now())
    await store.save(record)
    shareId = record.id
  } catch {
    // Not a form the browser can read, or the device refused the write: the app says the share did not arrive.
  }
  return Response.redirect(new URL(`${basePath}?share=${encodeURIComponent(shareId)}`, request.url).href, 303)
}
