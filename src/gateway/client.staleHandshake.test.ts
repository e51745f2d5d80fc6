// @vitest-environment node
/**
 * A handshake step that resumes after an await (vault reads, the token write after hello-ok) acts
 * only for the socket it began on. The socket module guards socket events; these guard the client's
 * own async steps, which check that their connect attempt is still the live one.
 */
import { describe, expect, it, vi } from 'vitest'
import type { Credentials } from './vault'
import { deferred, delay, helloPayload, MemoryVault, useFakeGateway } from './testing/fakeGateway'

const fake = useFakeGateway()
const { start, waitForPhase } = fake

/** A vault whose next credential read waits until the test lets it go. */
class SlowCredentialsVault extends MemoryVault {
  gate: Promise<void> | null = null

  override async loadCredentials(): Promise<Credentials> {
    const gate = this.gate
    this.gate = null
    if (gate) await gate
    return super.loadCredentials()
  }
}

describe('a handshake step resumed after its socket was replaced', () => {
  it('sends no connect over the new socket for the old challenge', async () => {
    const vault = new SlowCredentialsVault({ shared: { token: 'shared-token' } })
    const read = deferred()
    vault.gate = read.promise
    const h = start({ vault })
    const first = await fake.gateway.connection(0)
    first.challenge()
    await delay(50) // the old attempt now waits on the credential read
    h.client.retryNow()
    const second = await fake.gateway.connection(1)
    second.challenge({ nonce: 'nonce-second', ts: Date.now() })
    const connect = await second.connectRequest()
    read.resolve()
    await delay(80)
    expect(second.requestsFor('connect')).toHaveLength(1)
    expect(first.requestsFor('connect')).toHaveLength(0)
    expect(connect.params.device.nonce).toBe('nonce-second')
    second.respond(connect.id, helloPayload('operator'))
    await waitForPhase(h, 'connected')
  })

  it('does not report connected for an old hello-ok whose token write finished after the socket was replaced', async () => {
    const vault = new MemoryVault({ shared: { token: 'shared-token' } })
    const write = deferred()
    vault.saveGate = () => write.promise
    const h = start({ vault })
    const first = await fake.gateway.connection(0)
    await first.handshake({ auth: { method: 'token', role: 'operator', scopes: ['operator.read', 'operator.write'], deviceToken: 'op-token' } })
    await vi.waitFor(() => expect(vault.calls).toContain('saveDeviceToken:operator:begin'))
    h.client.retryNow()
    const second = await fake.gateway.connection(1)
    vault.saveGate = null
    write.resolve()
    await delay(80)
    expect(h.statuses.some((status) => status.phase === 'connected')).toBe(false)
    expect(h.client.status.phase).toBe('connecting')
    await second.handshake()
    await waitForPhase(h, 'connected')
  })
})
