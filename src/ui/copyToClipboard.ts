/**
 * Copies text to the clipboard. Resolves true once it is there, false when it cannot be: no clipboard
 * in this context, or the browser refused (no permission, page not focused). Never rejects, so a
 * button only has to choose between "Copied" and its own "copy it by hand" message.
 */
export async function copyToClipboard(text: string): Promise<boolean> {
  // NOTE: navigator.clipboard is undefined outside a secure context (plain http on a LAN address).
  const clipboard = globalThis.navigator?.clipboard
  if (!clipboard) return false
  try {
    await clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}
