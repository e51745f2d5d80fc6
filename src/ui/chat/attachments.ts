import { formatBytes, type OutboxAttachment } from '../../store'

export type Limits = { maxImageBytes: number; maxBytes: number }

function readBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''))
    reader.onerror = () => reject(reader.error ?? new Error('could not read the file'))
    reader.readAsDataURL(file)
  })
}

/** Checks a picked or pasted image against the gateway's limits before anything is queued. */
export async function toAttachment(file: File, origin: 'file' | 'paste', limits: Limits, alreadyBytes: number): Promise<OutboxAttachment> {
  const name = file.name || 'pasted image'
  if (!file.type.startsWith('image/')) throw new Error(`${name} is not an image; only images can be attached.`)
  if (file.size > limits.maxImageBytes) {
    throw new Error(`${name} is ${formatBytes(file.size)}; this gateway accepts images up to ${formatBytes(limits.maxImageBytes)}.`)
  }
  if (alreadyBytes + file.size > limits.maxBytes) {
    throw new Error(`Attachments would total ${formatBytes(alreadyBytes + file.size)}; this gateway accepts up to ${formatBytes(limits.maxBytes)} per message.`)
  }
  return { mimeType: file.type, fileName: name, origin, content: await readBase64(file), sizeBytes: file.size }
}
