/**
 * When the QR decoder starts loading before the user needs it: at the tap on "Scan QR code" (the
 * camera panel, its permission prompt and the camera's start come next), and on the welcome screen
 * once the page is idle, but only on a connection known to be unmetered. The decoder is about 400 KB
 * gzip where the browser has no BarcodeDetector for QR codes: not something to spend a phone's data on
 * for a user who may paste the code instead.
 */

type Connection = { type?: string; saveData?: boolean }

/** Wi-Fi or Ethernet (navigator.connection, Chrome on Android and ChromeOS), and no data saver. Unknown counts as metered. */
export function isUnmetered(connection: Connection | undefined): boolean {
  if (!connection || connection.saveData === true) return false
  return connection.type === 'wifi' || connection.type === 'ethernet'
}

/** Loads the scanner chunk and starts its decoder; a failure shows again, with its message, when scanning. */
export function warmScanner(): void {
  import('../../pairing/scanner').then((scanner) => scanner.warmQrDecoder()).catch(() => undefined)
}

/** Schedules warmScanner() for when the page is idle, on an unmetered connection; returns the cancel. */
export function prefetchWhenIdle(): () => void {
  const connection = (navigator as { connection?: Connection }).connection
  if (!isUnmetered(connection) || typeof requestIdleCallback !== 'function') return () => {}
  const handle = requestIdleCallback(warmScanner, { timeout: 10_000 })
  return () => cancelIdleCallback(handle)
}
