/**
 * Test support: fake browser features for the node handlers. Not shipped: only `*.test.ts` files
 * import it.
 */
import type { CameraStill, GeoPosition, NodeBrowserApis } from '../browserApis'
import type { InvokeContext } from '../handler'

export function context(remainingMs = 14_000, signal: AbortSignal = new AbortController().signal): InvokeContext {
  return { invokeId: 'inv-1', signal, remainingMs: () => remainingMs }
}

export function position(latitude: number, longitude: number, accuracy = 12.5, timestamp = Date.UTC(2026, 0, 3, 12, 34, 56)): GeoPosition {
  return { coords: { latitude, longitude, accuracy, altitude: 182, speed: 0, heading: null }, timestamp }
}

/** A still whose JPEG size is `bytesPerPixel(quality)` × width × height, so tests can make it too big. */
export function fakeStill(
  width: number,
  height: number,
  bytesPerPixel: (quality: number) => number = () => 0.1,
): CameraStill & { encodes: Array<{ width: number; quality: number }>; isClosed: boolean } {
  const still = {
    width,
    height,
    encodes: [] as Array<{ width: number; quality: number }>,
    isClosed: false,
    async toJpeg(w: number, quality: number) {
      still.encodes.push({ width: w, quality })
      const h = Math.round((height * w) / width)
      const size = Math.max(4, Math.round(w * h * bytesPerPixel(quality)))
      const bytes = new Uint8Array(size)
      bytes.set([0xff, 0xd8, 0xff, 0xe0])
      return bytes
    },
    close() {
      still.isClosed = true
    },
  }
  return still
}

export function baseApis(overrides: Partial<NodeBrowserApis> = {}): NodeBrowserApis {
  return {
    environment: () => ({
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
      language: 'en-GB',
      languages: ['en-GB', 'de'],
      isInstalled: false,
    }),
    isVisible: () => true,
    network: () => ({ online: true }),
    permission: async () => 'granted',
    ...overrides,
  }
}
