/**
 * What another app shares into this one (Web Share Target, a multipart POST the service worker receives),
 * read with limits before anything is stored: any app on the device may post here, with anything in it. The
 * worker stores the record in IndexedDB; the page reads it back (parsed again, store/shareInbox.ts) and puts
 * it in a composer. Framework-free, shared by both sides like gateway/push.
 */
export const SHARE_LIMITS = {
  /** Title, text and link together; a draft is no place for a book, and the rest is said, not hidden. */
  maxTextChars: 20_000,
  maxFiles: 10,
  /** Per image, to keep a hostile share from filling the device; the gateway's own limit applies when it is attached. */
  maxFileBytes: 50 * 1024 * 1024,
  maxNameChars: 120,
} as const

export type RefusedReason = 'not-image' | 'too-big' | 'too-many' | 'empty'

export type SharedFile = { name: string; type: string; size: number; blob: Blob }

export type ShareRecord = {
  v: 1
  id: string
  receivedAtMs: number
  title: string
  text: string
  url: string
  files: SharedFile[]
  refused: Array<{ name: string; reason: RefusedReason }>
  /** The text was over maxTextChars and was cut there. */
  cut: boolean
  /** The gateway whose composer holds it now (null: not placed yet). */
  placedIn: string | null
}

/** A field's first string value; a file posted where text belongs is not text. */
function firstText(form: FormData, name: string): string {
  for (const value of form.getAll(name)) if (typeof value === 'string') return value
  return ''
}

/** The last segment of a name, without control characters, short enough for a list. */
export function cleanName(name: string, fallback: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim()
  return base ? base.slice(0, SHARE_LIMITS.maxNameChars) : fallback
}

/** Reads a share's form into the record the worker stores. Never throws on what the form holds. */
export function readShareForm(form: FormData, id: string, receivedAtMs: number): ShareRecord {
  let budget = SHARE_LIMITS.maxTextChars
  let cut = false
  const take = (value: string) => {
    const kept = value.slice(0, Math.max(budget, 0))
    if (kept.length < value.length) cut = true
    budget -= kept.length
    return kept
  }
  const title = take(firstText(form, 'title').trim())
  const text = take(firstText(form, 'text').trim())
  const url = take(firstText(form, 'url').trim())
  const files: SharedFile[] = []
  const refused: ShareRecord['refused'] = []
  for (const value of form.getAll('files')) {
    if (typeof value === 'string') continue
    const name = cleanName(value.name, 'image')
    const type = value.type.toLowerCase()
    if (!type.startsWith('image/')) refused.push({ name, reason: 'not-image' })
    else if (value.size === 0) refused.push({ name, reason: 'empty' })
    else if (value.size > SHARE_LIMITS.maxFileBytes) refused.push({ name, reason: 'too-big' })
    else if (files.length >= SHARE_LIMITS.maxFiles) refused.push({ name, reason: 'too-many' })
    else files.push({ name, type, size: value.size, blob: value })
  }
  return { v: 1, id, receivedAtMs, title, text, url, files, refused, cut, placedIn: null }
}

/** The draft text a share becomes: title, text and link on lines of their own, the link once. */
export function shareText(record: Pick<ShareRecord, 'title' | 'text' | 'url'>): string {
  const parts = [record.title, record.text]
  if (record.url && !record.text.includes(record.url)) parts.push(record.url)
  return parts.filter(Boolean).join('\n')
}
