// The only module that imports zxing-wasm (zxing-cpp compiled to WebAssembly). @zxing/library, the
// pure-JS port we started with, could not read about one pairing QR in six even as a perfect
// rendering (its finder-pattern search trips on the dense version-9 codes the gateway prints);
// zxing-cpp reads all of them. Runs in the decoder worker (qrWorker.ts), where the browser has no
// BarcodeDetector that reads QR codes (qrReader.ts).
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader'
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url'

/** Pixels in the shape both ImageData and a test's own buffer have. */
export type Pixels = { data: Uint8ClampedArray; width: number; height: number }

// 'Plain': the text exactly as encoded. The default ('HRI') rewrites control characters into
// readable stand-ins, which would hide them from the setup-code parser that must reject them.
const READER_OPTIONS: ReaderOptions = { formats: ['QRCode'], maxNumberOfSymbols: 1, textMode: 'Plain' }

let prepared = false

// zxing-wasm fetches its .wasm from a public CDN unless told otherwise. The app's CSP allows no other
// origin, and scanning must work offline from the precache, so it loads the copy the build ships.
/** `now`: fetch and compile the WebAssembly at once (the user is about to scan), not at the first frame. */
export function prepareQrDecoder(now = false): void {
  if (prepared) return
  prepared = true
  const overrides = { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) }
  if (!now) {
    prepareZXingModule({ overrides })
    return
  }
  // A failure to load surfaces again (as decoder_unavailable) at the first frame that needs it.
  prepareZXingModule({ overrides, fireImmediately: true }).catch(() => undefined)
}

/** The text of the first readable QR code in `pixels`, or undefined when there is none. */
export async function readQrText(pixels: Pixels): Promise<string | undefined> {
  prepareQrDecoder()
  // zxing-wasm reads any { data, width, height } as RGBA pixels; only its types ask for an ImageData.
  const results = await readBarcodes(pixels as ImageData, READER_OPTIONS)
  return results.find((result) => result.isValid)?.text
}
