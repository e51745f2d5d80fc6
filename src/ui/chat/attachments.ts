/**
 * A picked, pasted, photographed or shared file becomes an outbox attachment here, checked against the
 * gateway's limits before anything is queued (chat.send refuses the whole message otherwise). The pinned
 * gateway (2026.9.6) takes any file: it sniffs the type, keeps images up to `maxImageBytes` inline and
 * stores other files as media; every file and the message as a whole must fit in `maxBytes` (one frame).
 * Loaded with the composer's tools, not with the first screen.
 */
import type { OutboxAttachment } from '../../store'

export type Limits = { maxImageBytes: number; maxBytes: number }
export type Origin = OutboxAttachment['origin']
/** Makes an image smaller than `maxBytes`; null when it cannot (not decodable, or still too big). */
export type Shrink = (image: Blob, maxBytes: number) => Promise<Blob | null>

/** Why a file cannot be attached, with the numbers the composer words it with. */
export class AttachmentRefused extends Error {
  override name = 'AttachmentRefused'
  constructor(
    readonly reason: 'empty' | 'file-too-big' | 'image-too-big' | 'total-too-big',
    readonly fileName: string,
    readonly bytes: number,
    readonly limitBytes: number,
  ) {
    super(`${fileName}: ${reason} (${bytes} of ${limitBytes} bytes)`)
  }
}

const CHUNK = 0x8000

/** base64 without FileReader (also runs in tests and the service worker); chunked so huge files do not overflow the stack. */
export async function toBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer())
  let binary = ''
  for (let start = 0; start < bytes.length; start += CHUNK) binary += String.fromCharCode(...bytes.subarray(start, start + CHUNK))
  return btoa(binary)
}

const EXTENSIONS: Record<string, string> = { 'image/jpeg': '.jpg', 'image/webp': '.webp', 'image/png': '.png' }

/** `photo.png` shrunk into a JPEG is named `photo.jpg`: the gateway and the agent read the name too. */
export function renamedFor(fileName: string, mimeType: string): string {
  const extension = EXTENSIONS[mimeType]
  if (!extension) return fileName
  const dot = fileName.lastIndexOf('.')
  return `${dot > 0 ? fileName.slice(0, dot) : fileName}${extension}`
}

/**
 * Checks one file against the limits, with `alreadyBytes` attached before it in the same message. An image over
 * the image limit (or over what is left of the message's) is made smaller on the device instead of refused.
 */
export async function toAttachment(
  file: File,
  origin: Origin,
  limits: Limits,
  alreadyBytes: number,
  shrink: Shrink,
  fallbackName: string,
): Promise<OutboxAttachment> {
  const name = file.name || fallbackName
  if (file.size === 0) throw new AttachmentRefused('empty', name, 0, limits.maxBytes)
  const left = limits.maxBytes - alreadyBytes
  let blob: Blob = file
  let mimeType = file.type || 'application/octet-stream'
  let fileName = name
  if (mimeType.startsWith('image/')) {
    const target = Math.min(limits.maxImageBytes, left)
    if (file.size > target && target > 0) {
      const smaller = await shrink(file, target)
      if (!smaller) {
        if (file.size > limits.maxImageBytes) throw new AttachmentRefused('image-too-big', name, file.size, limits.maxImageBytes)
        throw new AttachmentRefused('total-too-big', name, alreadyBytes + file.size, limits.maxBytes)
      }
      blob = smaller
      mimeType = smaller.type || mimeType
      fileName = renamedFor(name, mimeType)
    }
  } else if (file.size > limits.maxBytes) {
    throw new AttachmentRefused('file-too-big', name, file.size, limits.maxBytes)
  }
  if (blob.size > left) throw new AttachmentRefused('total-too-big', name, alreadyBytes + blob.size, limits.maxBytes)
  return { mimeType, fileName, origin, content: await toBase64(blob), sizeBytes: blob.size }
}
