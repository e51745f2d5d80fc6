/**
 * The HTTP headers a host of the built app should send (the README's hosting section lists them),
 * and which `npm start`'s preview server sends. The policy is index.html's meta CSP plus what only a
 * header can say: `frame-ancestors 'none'` (no other site may frame the app and trick a tap on
 * Forget or Approve); a meta tag cannot set it.
 */
import { readFileSync } from 'node:fs'

/** index.html's Content-Security-Policy meta, which the built page carries too. */
export function metaContentSecurityPolicy(html: string): string {
  const match = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/)
  if (!match?.[1]) throw new Error('index.html has no Content-Security-Policy meta')
  return match[1]
}

export function hostingHeaders(indexHtml = readFileSync(new URL('../index.html', import.meta.url), 'utf8')): Record<string, string> {
  return {
    'Content-Security-Policy': `${metaContentSecurityPolicy(indexHtml)}; frame-ancestors 'none'`,
    // Browsers without frame-ancestors (old ones) honour this instead.
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    // Setup codes never appear in a URL, but no page of the app needs to tell another where it was.
    'Referrer-Policy': 'no-referrer',
    // The QR scanner and the node's camera and location commands are the app's own; nothing else.
    'Permissions-Policy': 'camera=(self), geolocation=(self), microphone=(), payment=(), usb=(), interest-cohort=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
  }
}
