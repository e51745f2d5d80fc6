/**
 * What "install this app" means on this browser, as a tiny store React subscribes to:
 * - `prompt`: the browser offered `beforeinstallprompt`; our button shows its install dialog;
 * - `ios`: Safari on iPhone/iPad has no prompt; the user adds it through Share → Add to Home Screen;
 * - `none`: already installed (running standalone, or just accepted), or the browser offers nothing.
 *
 * NOTE: the listeners are attached when this module loads, before React renders, because Chrome
 * may fire `beforeinstallprompt` right after the page loads and does not fire it again.
 */
export type InstallOffer = 'prompt' | 'ios' | 'none'

/** Chrome's event; not in TypeScript's DOM types. */
export interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed'; platform?: string }>
}

type NavigatorLike = { userAgent: string; platform?: string; maxTouchPoints?: number; standalone?: boolean }

/** iPhone, iPod, or an iPad (which reports itself as a Mac with a touch screen since iPadOS 13). */
export function isIos(nav: NavigatorLike): boolean {
  return /iPhone|iPad|iPod/.test(nav.userAgent) || (nav.platform === 'MacIntel' && (nav.maxTouchPoints ?? 0) > 1)
}

/** Running as an installed app: the display-mode media query, or Safari's navigator.standalone. */
export function isStandalone(matchMedia: (query: string) => { matches: boolean }, nav: NavigatorLike): boolean {
  return matchMedia('(display-mode: standalone)').matches || nav.standalone === true
}

let deferred: BeforeInstallPromptEvent | null = null
let isInstalled = false
const listeners = new Set<() => void>()
const notify = () => {
  for (const listener of listeners) listener()
}

export function installOffer(): InstallOffer {
  if (typeof window === 'undefined' || isInstalled || isStandalone(window.matchMedia.bind(window), navigator as NavigatorLike)) return 'none'
  if (deferred) return 'prompt'
  return isIos(navigator as NavigatorLike) ? 'ios' : 'none'
}

export function subscribeInstallOffer(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Shows the browser's install dialog; the event can be used once, whatever the user answers. */
export async function promptInstall(): Promise<void> {
  const event = deferred
  if (!event) return
  deferred = null
  await event.prompt()
  const { outcome } = await event.userChoice
  if (outcome === 'accepted') isInstalled = true
  notify()
}

if (typeof window !== 'undefined') {
  window.addEventListener('beforeinstallprompt', (event) => {
    // Keep the browser's mini-infobar away; our button offers the same dialog when the user wants it.
    event.preventDefault()
    deferred = event as BeforeInstallPromptEvent
    notify()
  })
  window.addEventListener('appinstalled', () => {
    deferred = null
    isInstalled = true
    notify()
  })
  // Optional call: Safari before 14 has only the old addListener API.
  window.matchMedia('(display-mode: standalone)').addEventListener?.('change', notify)
}
