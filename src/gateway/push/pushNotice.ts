/**
 * What a gateway's Web Push says, read the way the service worker must: the gateway sends JSON
 * `{ title, body, tag?, url?, renotify? }` (its Control UI's worker shows it as is). Anything else,
 * or a field that is not what it should be, is read as "the gateway wants attention" and nothing
 * more: a push is never trusted to say where to go. The app derives its own target (a gateway id,
 * an approval, question or session) from the tag and the path, and never opens the payload's URL.
 *
 * Kinds follow the gateway's own producers (2026.9.6): `openclaw-approval-<id>` with `approve/<id>`
 * (its "approval updated" copy, same tag, replaces the request when it is answered elsewhere),
 * `openclaw-question-<id>` with `ask/<id>`, `openclaw-agent-finished-<run>` with a session path,
 * `openclaw-task-failed-*` / `openclaw-cron-failed-*`, and `push.web.test` (no tag).
 */
import { z } from 'zod/mini'

export type NoticeKind = 'approval' | 'approval-resolved' | 'question' | 'finished' | 'failed' | 'test' | 'other'

/** Where a tap on the notification leads inside the app. */
export type NoticeTarget =
  | { kind: 'approval'; approvalId: string }
  | { kind: 'question'; questionId: string }
  | { kind: 'session'; sessionKey: string }
  | { kind: 'gateway' }

export type PushNotice = {
  kind: NoticeKind
  /** The notification's tag: one notification per request (a later push with the same tag replaces it). */
  tag: string
  target: NoticeTarget
  /** The gateway's own English text, shortened; shown only when the app has no words of its own for the kind. */
  title: string
  body: string
}

/** Beyond this a payload is not a notification from a gateway (the Web Push limit is about 4 KB). */
const MAX_PAYLOAD_CHARS = 8192
const MAX_TEXT = 160
const MAX_ID = 200
/** Ids the gateway makes (UUIDs, run ids, session segments): no spaces, controls or markup. */
const ID = /^[A-Za-z0-9._:~@+-]{1,200}$/

const Payload = z.looseObject({
  title: z.optional(z.string()),
  body: z.optional(z.string()),
  tag: z.optional(z.string()),
  url: z.optional(z.string()),
})

const clip = (text: string | undefined): string => {
  // Control and bidirectional-override characters could disguise what the text says.
  const clean = (text ?? '').replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, ' ').trim()
  return clean.length > MAX_TEXT ? `${clean.slice(0, MAX_TEXT - 1)}…` : clean
}

function decoded(segment: string | undefined): string | null {
  if (!segment || segment.length > MAX_ID * 3) return null
  try {
    const value = decodeURIComponent(segment)
    return ID.test(value) ? value : null
  } catch {
    return null
  }
}

/**
 * The gateway's path (relative, or with its public origin and a `#gatewayUrl=…` fragment) as the
 * session it names: `chat/<agent>` is the agent's main session, `chat/<agent>/<a>/<b>` is
 * `agent:<agent>:a:b`, `chat/<agent>/~key/<k>` is `agent:<agent>:k`.
 */
export function sessionKeyOfPath(path: string): string | null {
  const parts = pathParts(path)
  if (parts[0] !== 'chat' || parts.length < 2 || parts.length > 12) return null
  const segments = parts.slice(1).map(decoded)
  if (segments.some((segment) => segment === null)) return null
  const [agent, ...rest] = segments as string[]
  if (rest.length === 0) return `agent:${agent}:main`
  if (rest[0] === '~key') return rest.length === 2 ? `agent:${agent}:${rest[1]}` : null
  return `agent:${agent}:${rest.join(':')}`
}

function pathParts(url: string): string[] {
  const withoutFragment = url.split('#')[0]!.split('?')[0]!
  // An absolute URL (the gateway's public origin): only its path counts.
  const path = /^[a-z][a-z0-9+.-]*:\/\//i.test(withoutFragment) ? withoutFragment.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '') : withoutFragment
  return path.split('/').filter(Boolean)
}

function idAfter(prefix: string, tag: string, url: string, pathHead: string): string | null {
  const parts = pathParts(url)
  const fromPath = parts[0] === pathHead && parts.length === 2 ? decoded(parts[1]) : null
  const fromTag = tag.startsWith(prefix) ? decoded(tag.slice(prefix.length)) : null
  return fromPath ?? fromTag
}

/** Reads a push's data (text); never throws. */
export function parsePushNotice(text: string | null | undefined): PushNotice {
  const fallback: PushNotice = { kind: 'other', tag: 'openclaw-notice', target: { kind: 'gateway' }, title: '', body: '' }
  if (!text || text.length > MAX_PAYLOAD_CHARS) return fallback
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return fallback
  }
  const parsed = Payload.safeParse(json)
  if (!parsed.success) return fallback
  const { title, body } = parsed.data
  const tag = typeof parsed.data.tag === 'string' && parsed.data.tag.length <= MAX_ID && ID.test(parsed.data.tag) ? parsed.data.tag : ''
  const url = typeof parsed.data.url === 'string' && parsed.data.url.length <= 4096 ? parsed.data.url : ''
  const texts = { title: clip(title), body: clip(body) }

  if (tag.startsWith('openclaw-approval-') || pathParts(url)[0] === 'approve') {
    const approvalId = idAfter('openclaw-approval-', tag, url, 'approve')
    if (!approvalId) return { ...fallback, ...texts }
    // The gateway's "no longer pending" copy; its only marker is the title it writes.
    const kind = /approval updated/i.test(title ?? '') ? 'approval-resolved' : 'approval'
    return { kind, tag: `openclaw-approval-${approvalId}`, target: { kind: 'approval', approvalId }, ...texts }
  }
  if (tag.startsWith('openclaw-question-') || pathParts(url)[0] === 'ask') {
    const questionId = idAfter('openclaw-question-', tag, url, 'ask')
    if (!questionId) return { ...fallback, ...texts }
    return { kind: 'question', tag: `openclaw-question-${questionId}`, target: { kind: 'question', questionId }, ...texts }
  }
  const sessionKey = sessionKeyOfPath(url)
  const target: NoticeTarget = sessionKey ? { kind: 'session', sessionKey } : { kind: 'gateway' }
  if (tag.startsWith('openclaw-agent-finished-')) return { kind: 'finished', tag, target, ...texts }
  if (tag.startsWith('openclaw-task-failed-') || tag.startsWith('openclaw-cron-failed-')) return { kind: 'failed', tag, target, ...texts }
  // `push.web.test` sends only a title and a body.
  if (parsed.data.tag === undefined && parsed.data.url === undefined) return { kind: 'test', tag: 'openclaw-test', target, ...texts }
  return { kind: 'other', tag: tag || fallback.tag, target, ...texts }
}
