/**
 * Makes a photo small enough for the gateway on the device: decoded with its EXIF orientation applied
 * (`imageOrientation: 'from-image'`), so the pixels of the result stand the way the camera held them and
 * no orientation tag is needed, then drawn smaller and encoded as JPEG until it fits.
 */
const QUALITY = 0.85
const MAX_TRIES = 8

/** The next scale to try: by the square root of how far over the bytes were (bytes go with the area), a bit under. */
export function nextScale(scale: number, bytes: number, maxBytes: number): number {
  return scale * Math.min(0.9, Math.sqrt(maxBytes / bytes) * 0.95)
}

function canvasOf(
  width: number,
  height: number,
): { context: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D; encode(): Promise<Blob | null> } | null {
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height)
    const context = canvas.getContext('2d')
    return context && { context, encode: () => canvas.convertToBlob({ type: 'image/jpeg', quality: QUALITY }) }
  }
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const context = canvas.getContext('2d')
  return context && { context, encode: () => new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY)) }
}

export async function downscaleImage(image: Blob, maxBytes: number): Promise<Blob | null> {
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(image, { imageOrientation: 'from-image' })
  } catch {
    return null
  }
  try {
    let scale = Math.min(1, Math.sqrt(maxBytes / image.size))
    for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
      const width = Math.max(1, Math.round(bitmap.width * scale))
      const height = Math.max(1, Math.round(bitmap.height * scale))
      const canvas = canvasOf(width, height)
      if (!canvas) return null
      // JPEG has no transparency: what was transparent becomes white, not black.
      canvas.context.fillStyle = '#fff'
      canvas.context.fillRect(0, 0, width, height)
      canvas.context.drawImage(bitmap, 0, 0, width, height)
      const encoded = await canvas.encode()
      if (!encoded) return null
      if (encoded.size <= maxBytes) return encoded
      scale = nextScale(scale, encoded.size, maxBytes)
    }
    return null
  } finally {
    bitmap.close()
  }
}
