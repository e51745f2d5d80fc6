/**
 * Bytes from the network: every script and stylesheet a page loads until its first screen is up
 * (plus a short quiet period for lazy chunks requested right after the first render), with the
 * service worker bypassed and the HTTP cache disabled, so each byte really comes over the wire.
 * Each body is gzipped here (zlib default level) so both apps are counted alike, whatever
 * encoding their server chose; the transferred size and encoding are kept too.
 */
import type { CDPSession, Page } from '@playwright/test'
import { gzipSize } from './bundleBytes'

export type NetworkFile = { url: string; type: 'script' | 'stylesheet'; encoding: string; transferBytes: number; rawBytes: number; gzipBytes: number }
export type NetworkBytes = { files: NetworkFile[]; gzip: number; js: number; css: number; transfer: number }

const QUIET_MS = 1_000

type ResponseInfo = { url: string; type: string; encoding: string }

export async function captureFirstScreenBytes(page: Page, load: () => Promise<void>): Promise<NetworkBytes> {
  const cdp: CDPSession = await page.context().newCDPSession(page)
  const responses = new Map<string, ResponseInfo>()
  const pending: Array<Promise<NetworkFile | null>> = []
  await cdp.send('Network.enable')
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
  await cdp.send('Network.setBypassServiceWorker', { bypass: true })
  cdp.on('Network.responseReceived', (event) => {
    const type = event.type === 'Script' ? 'script' : event.type === 'Stylesheet' ? 'stylesheet' : null
    if (!type) return
    const headers = Object.fromEntries(Object.entries(event.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]))
    responses.set(event.requestId, { url: event.response.url, type, encoding: headers['content-encoding'] ?? 'identity' })
  })
  cdp.on('Network.loadingFinished', (event) => {
    const info = responses.get(event.requestId)
    if (!info) return
    pending.push(
      cdp.send('Network.getResponseBody', { requestId: event.requestId }).then(
        ({ body, base64Encoded }) => {
          const data = Buffer.from(body, base64Encoded ? 'base64' : 'utf8')
          return {
            url: info.url,
            type: info.type as NetworkFile['type'],
            encoding: info.encoding,
            transferBytes: event.encodedDataLength,
            rawBytes: data.length,
            gzipBytes: gzipSize(data),
          }
        },
        () => null,
      ),
    )
  })
  try {
    await load()
    await page.waitForTimeout(QUIET_MS)
    const files = (await Promise.all(pending)).filter((file): file is NetworkFile => file !== null)
    const sum = (pick: (f: NetworkFile) => number, type?: NetworkFile['type']) => files.filter((f) => !type || f.type === type).reduce((n, f) => n + pick(f), 0)
    return {
      files,
      gzip: sum((f) => f.gzipBytes),
      js: sum((f) => f.gzipBytes, 'script'),
      css: sum((f) => f.gzipBytes, 'stylesheet'),
      transfer: sum((f) => f.transferBytes),
    }
  } finally {
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: false }).catch(() => {})
    await cdp.send('Network.setBypassServiceWorker', { bypass: false }).catch(() => {})
    await cdp.detach().catch(() => {})
  }
}
