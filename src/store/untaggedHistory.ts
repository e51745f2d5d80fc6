/**
 * Gateways that tag no history turn (2026.5.12: user turns without idempotencyKey, replies without runId) leave
 * nothing to match a sent message and its reply with their history copies, which then stood twice. For such a
 * history, a settled live item gives way to an untagged copy with its text, each copy taken once; queued and
 * streaming items never do, nor does a tagged turn. Loaded with the gateway client (clientStart.ts), which
 * registers it (setUntaggedMatch): the chat's first screen does not carry it.
 */
import type { CachedMessage } from './chatStorage'
import type { ChatItem } from './chatItems'

// chatItems.ts's isSettled, repeated: exporting it to this chunk would cost the first screen bytes.
const isSettled = (item: ChatItem) => (item.kind === 'user' ? item.state === 'sent' || item.state === 'answered' : item.state !== 'streaming')

/** `live` without the items that untagged turns of `messages` stand for, matched oldest first. */
export function untaggedMatcher(messages: CachedMessage[], live: ChatItem[]): ChatItem[] {
  const left = messages
    .filter((message) => (message.role === 'user' ? !message.inputKey : !message.runId))
    .map((message) => `${message.role === 'user' ? 'user' : 'reply'}:${message.text}`)
  return live.filter((item) => {
    const at = isSettled(item) ? left.indexOf(`${item.kind}:${item.text}`) : -1
    if (at >= 0) left.splice(at, 1)
    return at < 0
  })
}
