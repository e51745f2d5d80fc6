/**
 * The WebAssembly QR decoder in a worker of its own: decoding a camera frame takes tens of
 * milliseconds of CPU (more on a slow phone), which on the main thread would stall the camera preview
 * and every tap. Started by qrReader.ts; one frame at a time, as the scanner sends them.
 */
import { prepareQrDecoder, readQrText, type Pixels } from './qrDecoder'

type Request = { kind: 'warm' } | { kind: 'read'; id: number; pixels: Pixels }
type WorkerScope = { addEventListener(type: 'message', listener: (event: MessageEvent<Request>) => void): void; postMessage(message: unknown): void }

const scope = globalThis as unknown as WorkerScope

scope.addEventListener('message', (event) => {
  const request = event.data
  if (request.kind === 'warm') {
    prepareQrDecoder(true)
    return
  }
  readQrText(request.pixels).then(
    (text) => scope.postMessage({ id: request.id, text }),
    () => scope.postMessage({ id: request.id, failed: true }),
  )
})
