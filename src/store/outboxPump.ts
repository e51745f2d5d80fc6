/**
 * Delivers a gateway's outbox in order, one message at a time, exactly once: the entry leaves
 * IndexedDB only after the gateway's ack; a resend reuses the idempotency key, which the gateway
 * dedupes for about five minutes; past that window, history is checked first.
 */
import { GatewayRequestError, type GatewayClient } from '../gateway'
import { parseHistory } from './chatHistory'
import { loadOutbox, markOutboxEntry, removeFromOutbox, type OutboxEntry } from './chatStorage'

/** The gateway dedupes a key for 5 minutes; stay well inside that before trusting it alone. */
export const DEDUPE_TRUST_MS = 4 * 60_000
const HISTORY_CHECK_LIMIT = 200
const BUSY_RETRY_MS = 2_000

export type PumpEvents = {
  onSending(key: string): void
  onAcked(key: string): void
  onQueued(key: string): void
  onFailed(key: string, error: string): void
}

async function alreadyDelivered(client: GatewayClient, entry: OutboxEntry): Promise<boolean> {
  const history = parseHistory(await client.request('chat.history', { sessionKey: entry.sessionKey, limit: HISTORY_CHECK_LIMIT }))
  return history?.messages.some((message) => message.inputKey === entry.idempotencyKey) ?? false
}

function sendParams(entry: OutboxEntry) {
  const attachments = entry.attachments.map(({ mimeType, fileName, origin, content, sizeBytes }) => ({ type: 'image', mimeType, fileName, origin, content, sizeBytes }))
  return {
    sessionKey: entry.sessionKey,
    message: entry.text,
    idempotencyKey: entry.idempotencyKey,
    ...(attachments.length ? { attachments } : {}),
  }
}

/** Sends pending entries until the outbox is empty or the link drops; returns when it stops. */
export async function pumpOutbox(gatewayId: string, client: GatewayClient, events: PumpEvents, now: () => number = Date.now): Promise<void> {
  for (;;) {
    if (client.status.phase !== 'connected') return
    const next = (await loadOutbox(gatewayId)).find((entry) => entry.state === 'pending')
    if (!next) return
    events.onSending(next.idempotencyKey)
    try {
      if (next.attempts > 0 && now() - next.createdAtMs > DEDUPE_TRUST_MS && (await alreadyDelivered(client, next))) {
        await removeFromOutbox(gatewayId, next.idempotencyKey)
        events.onAcked(next.idempotencyKey)
        continue
      }
      await markOutboxEntry(gatewayId, next.idempotencyKey, { attempts: next.attempts + 1 })
      await client.request('chat.send', sendParams(next))
      await removeFromOutbox(gatewayId, next.idempotencyKey)
      events.onAcked(next.idempotencyKey)
    } catch (error) {
      if (error instanceof GatewayRequestError && !error.retryable) {
        await markOutboxEntry(gatewayId, next.idempotencyKey, { state: 'failed', error: error.message })
        events.onFailed(next.idempotencyKey, error.message)
        continue
      }
      if (error instanceof GatewayRequestError) {
        // Busy (UNAVAILABLE, retryable): wait as told, then the same entry goes again.
        events.onQueued(next.idempotencyKey)
        await new Promise((resolve) => setTimeout(resolve, error.retryAfterMs ?? BUSY_RETRY_MS))
        continue
      }
      if (error instanceof RangeError) {
        await markOutboxEntry(gatewayId, next.idempotencyKey, { state: 'failed', error: error.message })
        events.onFailed(next.idempotencyKey, error.message)
        continue
      }
      // Disconnected, timed out or busy: it stays pending and goes again, same key, after reconnect.
      events.onQueued(next.idempotencyKey)
      return
    }
  }
}
