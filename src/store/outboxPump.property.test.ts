// @vitest-environment node
// Property test for the outbox ordering invariant, through pumpOutbox's public surface only: whatever
// the gateway answers (ack, refusal, busy), entries go out one at a time and in outbox order, and only
// the refused ones stay behind.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MemoryVault, useFakeGateway } from '../gateway/testing/fakeGateway'
import { addToOutbox, loadOutbox } from './chatStorage'
import { pumpOutbox, type PumpEvents } from './outboxPump'
import { clearAllDatabases, outboxEntry, settle } from './testing/storeTestkit'

const GW = 'gw-pump-property'
const fake = useFakeGateway()
const vault = new MemoryVault({ shared: { token: 'shared-token' } })
type Answer = 'ack' | 'refuse' | 'busy'
const quiet: PumpEvents = { onSending() {}, onAcked() {}, onQueued() {}, onFailed() {} }

describe('pumpOutbox (property)', () => {
  it('sends one entry at a time, in outbox order; acked ones leave, refused ones stay as failed', { timeout: 30_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.array(fc.constantFrom<Answer>('ack', 'refuse', 'busy'), { minLength: 1, maxLength: 12 }), async (count, script) => {
        await clearAllDatabases()
        await fake.renew()
        const { h, connection } = await fake.connected({ vault })
        const keys = Array.from({ length: count }, (_, index) => `k${index}`)
        for (const key of keys) await addToOutbox(GW, outboxEntry(key))
        const pumping = pumpOutbox(GW, h.client, quiet)

        const sent: string[] = []
        const refused: string[] = []
        let busyInARow = 0
        let isDone = false
        void pumping.then(() => (isDone = true))
        for (;;) {
          const request = await Promise.race([pumping.then(() => null), connection.request('chat.send').catch(() => null)])
          if (!request) break
          const key = (request.params as { idempotencyKey: string }).idempotencyKey
          sent.push(key)
          await settle()
          // One at a time: nothing else went out while this one is unanswered, and the pump waits.
          expect(connection.requestsFor('chat.send')).toHaveLength(sent.length)
          expect(isDone).toBe(false)
          // Never answer the same entry "busy" forever, or the pump (rightly) never moves on.
          const answer = busyInARow >= 2 ? 'ack' : script[(sent.length - 1) % script.length]!
          busyInARow = answer === 'busy' ? busyInARow + 1 : 0
          if (answer === 'ack') connection.respond(request.id, { runId: key, status: 'started' })
          if (answer === 'busy') connection.fail(request.id, { code: 'UNAVAILABLE', message: 'busy', retryable: true, retryAfterMs: 0 })
          if (answer === 'refuse') {
            connection.fail(request.id, { code: 'INVALID_REQUEST', message: 'no' })
            refused.push(key)
          }
        }
        await pumping

        // In order: the keys sent never go back to an earlier entry, and every entry went out.
        const order = sent.map((key) => keys.indexOf(key))
        expect(order).toEqual([...order].sort((a, b) => a - b))
        expect([...new Set(sent)]).toEqual(keys)
        const left = await loadOutbox(GW)
        expect(left.map((entry) => [entry.idempotencyKey, entry.state])).toEqual(refused.map((key) => [key, 'failed']))
      }),
      { numRuns: 15 },
    )
  })
})
