/**
 * The chat feature's live items: streamed replies as the gateway's `chat` events arrive, and the
 * states of the user's own messages as the outbox delivers them. Items stay "live" until history
 * holds them (chatItems.ts decides when they give way).
 */
import { messageText, type ChatEvent } from '../gateway'
import type { ReplyItemState } from './chatItems'
import type { ChatViews } from './chatView'
import type { PumpEvents } from './outboxPump'

export type LiveItems = {
  /** One parsed `chat` event of the gateway (the chat link parsed it). */
  onChatEvent(gatewayId: string, event: ChatEvent): void
  /** What the outbox reports about each message, shown on its item. */
  pumpEvents(gatewayId: string): PumpEvents
}

/** Called when a reply in the open session ended (final, aborted, error). */
export type OnReplyEnded = (gatewayId: string, sessionKey: string) => void

export function createLiveItems(views: ChatViews, onReplyEnded: OnReplyEnded): LiveItems {
  const { view, upsertLive, updateUser } = views

  function onChatEvent(gatewayId: string, event: ChatEvent): void {
    if (event.sessionKey !== view(gatewayId).sessionKey) return
    const id = `run:${event.runId}`
    const existing = view(gatewayId).live.find((item) => item.id === id)
    // NOTE: deltas may be coalesced or dropped; `message` is the cumulative snapshot, so render from it.
    const text = event.message ? messageText(event.message) : (existing?.text ?? '')
    if (event.state === 'status') {
      upsertLive(gatewayId, { kind: 'reply', id, runId: event.runId, text, state: 'streaming', phase: event.phase })
      return
    }
    const state: ReplyItemState = event.state === 'delta' ? 'streaming' : event.state
    // NOTE: a message queued behind an active run gets an immediate empty "final" for its own key;
    // its real reply comes later under another run. An empty final with nothing streamed is no reply.
    // A run that did stream (its last event a delta, even one that emptied the text: after a tool
    // call the gateway ends with a `replace` to "" and an empty final) has ended: history holds its text.
    const streamed = existing !== undefined && existing.kind === 'reply' && existing.phase === undefined
    if (state === 'final' && !event.message && !existing?.text && !streamed) return
    upsertLive(gatewayId, { kind: 'reply', id, runId: event.runId, text, state, error: event.errorMessage, errorKind: event.errorKind })
    if (state === 'streaming') return
    updateUser(gatewayId, event.runId, () => ({ state: 'answered' }))
    onReplyEnded(gatewayId, event.sessionKey)
  }

  return {
    onChatEvent,
    pumpEvents: (gatewayId) => ({
      onSending: (key) => updateUser(gatewayId, key, () => ({ state: 'sending' })),
      // An ack can arrive after the reply's first events: never step back from "answered".
      onAcked: (key) => updateUser(gatewayId, key, (item) => ({ state: item.state === 'answered' ? 'answered' : 'sent' })),
      onQueued: (key) => updateUser(gatewayId, key, () => ({ state: 'queued' })),
      onFailed: (key, error) => updateUser(gatewayId, key, () => ({ state: 'failed', error })),
    }),
  }
}
