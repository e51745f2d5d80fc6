/**
 * The one part of the install offer that must run at startup: Chrome may fire `beforeinstallprompt`
 * right after the page loads and never again, so main.tsx imports this before React renders. What
 * the offer means on this browser (installPrompt.ts) loads later, with the PWA controls.
 */

/** Chrome's event; not in TypeScript's DOM types. */
export interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed'; platform?: string }>
}

export const captured: { prompt: BeforeInstallPromptEvent | null; isInstalled: boolean } = { prompt: null, isInstalled: false }
const listeners = new Set<() => void>()

export function notifyInstallChange(): void {
  for (const listener of listeners) listener()
}

export function subscribeInstallOffer(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

if (typeof window !== 'undefined') {
  window.addEventListener('beforeinstallprompt', (event) => {
    // Keep the browser's mini-infobar away; our button offers the same dialog when the user wants it.
    event.preventDefault()
    captured.prompt = event as BeforeInstallPromptEvent
    notifyInstallChange()
  })
  window.addEventListener('appinstalled', () => {
    captured.prompt = null
    captured.isInstalled = true
    notifyInstallChange()
  })
  // Optional call: Safari before 14 has only the old addListener API.
  window.matchMedia('(display-mode: standalone)').addEventListener?.('change', notifyInstallChange)
}
