/**
 * The offline app shell: a navigation the app owns is answered with index.html from the precache,
 * so a deep link (or any reload) opens the app without the network. The app routes in the page.
 */

/** The precached shell, as workbox's precache manifest names it (relative to the worker's scope). */
export const APP_SHELL_URL = 'index.html'

/**
 * A path whose last segment ends in an extension names a file (sw.js, an icon, the manifest): a missing
 * one must come back as the server's 404, never as the shell. The query is allowed after it, and a dot in
 * the query or in an earlier segment (`/chat?file=a.png`, `/v1.2/chat`) does not make a file.
 */
const NAMES_A_FILE = /^[^?]*\.[a-z0-9]+(?:\?.*)?$/i

/**
 * Whether the worker answers this request with the app shell. Matched against path and query, as
 * workbox's NavigationRoute matches its denylist. Anything else (the gateway's HTTP and WebSocket,
 * which are always another origin, included) is left to the precache route or the network.
 */
export function isAppShellNavigation({ request, url }: { request: { mode: string }; url: URL }): boolean {
  return request.mode === 'navigate' && !NAMES_A_FILE.test(url.pathname + url.search)
}
