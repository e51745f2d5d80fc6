/**
 * What "install this app" means on this browser, as a tiny store React subscribes to:
 * - `prompt`: the browser offered `beforeinstallprompt`; our button shows its install dialog;
 * - `ios`: Safari on iPhone/iPad has no prompt; the user adds it through Share → Add to Home Screen;
 * - `none`: already installed (running standalone, or just accepted), or the browser offers nothing.
 *
 * The events themselves are caught at startup by installCapture.ts (this module loads after the first screen).
 */
import { captured, notifyInstallChange } from './installCapture'

export { subscribeInstallOffer } from './installCapture'

export type InstallOffer = 'prompt' | 'ios' | 'none'

type NavigatorLike = { userAgent: string; platform?: string; maxTouchPoints?: number; standalone?: boolean }

/** iPhone, iPod, or an iPad (which reports itself as a Mac with a touch screen since iPadOS 13). */
export function isIos(nav: NavigatorLike): boolean {
  return /iPhone|iPad|iPod/.test(nav.userAgent) || (nav.platform === 'MacIntel' && (nav.maxTouchPoints ?? 0) > 1)
}

/** Running as an installed app: the display-mode media query, or Safari's navigator.standalone. */
export function isStandalone(matchMedia: (query: string) => { matches: boolean }, nav: NavigatorLike): boolean {
  return matchMedia('(display-mode: standalone)').matches || nav.standalone === true
}

export function installOffer(): InstallOffer {
  if (typeof window === 'undefined' || captured.isInstalled || isStandalone(window.matchMedia.bind(window), navigator as NavigatorLike)) return 'none'
  if (captured.prompt) return 'prompt'
  return isIos(navigator as NavigatorLike) ? 'ios' : 'none'
}

/** Shows the browser's install dialog; the event can be used once, whatever the user answers. */
export async function promptInstall(): Promise<void> {
  const event = captured.prompt
  if (!event) return
  captured.prompt = null
  await event.prompt()
  const { outcome } = await event.userChoice
  if (outcome === 'accepted') captured.isInstalled = true
  notifyInstallChange()
}
