import type { OutboxAttachment } from '../../store'

export type Limits = { maxImageBytes: number; maxBytes: number }

function readBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''))
    reader.onerror = () => reject(reader.error ?? new Error('could not read the file'))
    reader.readAsDataURL(file)
  })
}

/** Why an image cannot be attached, with the numbers the Composer words it with. */
export class AttachmentRefused extends Error {
  override name = 'AttachmentRefused'
  constructor(
    readonly reason: 'not-image' | 'image-too-big' | 'total-too-big',
    readonly fileName: string,
    readonly bytes: number,
    readonly limitBytes: number,
  ) {
    super(`${fileName}: ${reason} (${bytes} of ${limitBytes} bytes)`)
  }
}

/** Checks a picked or pasted image against the gateway's limits before anything is queued. */
export async function toAttachment(file: File, origin: 'file' | 'paste', limits: Limits, alreadyBytes: number): Promise<OutboxAttachment> {
  const name = file.name
  if (!file.type.startsWith('image/')) throw new AttachmentRefused('not-image', name, file.size, 0)
  if (file.size > limits.maxImageBytes) throw new AttachmentRefused('image-too-big', name, file.size, limits.maxImageBytes)
  if (alreadyBytes + file.size > limits.maxBytes) throw new AttachmentRefused('total-too-big', name, alreadyBytes + file.size, limits.maxBytes)
  return { mimeType: file.type, fileName: name || 'pasted image', origin, content: await readBase64(file), sizeBytes: file.size }
}
