// @vitest-environment node
/**
 * Gateways before 2026.8 hand a setup code's operator only approvals, read, talk.secrets and write,
 * and refuse a bootstrap connect that asks for more (operator.questions) exactly as they refuse a spent
 * code: AUTH_BOOTSTRAP_TOKEN_INVALID. The client asks once more without the newer scope before it
 * calls the code spent (found by `npm run test:compat` against 2026.5.12 to 2026.7.35).
 */
import { describe, expect, it } from 'vitest'
import { delay, MemoryVault, useFakeGateway } from './testing/fakeGateway'

const fake = useFakeGateway()
const { start, waitForPhase } = fake

const SCOPES = ['operator.read', 'operator.write', 'operator.approvals', 'operator.questions']
const REFUSED = {
  code: 'INVALID_REQUEST',
  message: 'unauthorized: bootstrap token invalid or expired (scan a fresh setup code)',
  details: { code: 'AUTH_BOOTSTRAP_TOKEN_INVALID', authReason: 'bootstrap_token_invalid' },
}

/** Refuses the index-th socket's connect as a spent code would be refused; returns what that connect asked for. */
async function refuseConnect(index: number): Promise<{ scopes: string[]; auth: unknown }> {
  const connect = await (await fake.gateway.connection(index)).refuse(REFUSED)
  return connect.params as unknown as { scopes: string[]; auth: unknown }
}

async function nextConnect(index: number): Promise<{ scopes: string[]; auth: unknown }> {
  const connection = await fake.gateway.connection(index)
  connection.challenge()
  return (await connection.connectRequest()).params as unknown as { scopes: string[]; auth: unknown }
}

describe('a setup code from a gateway whose setup profile predates operator.questions', () => {
  it('is presented once more without operator.questions, and pairs', async () => {
    const h = start({ scopes: SCOPES, vault: new MemoryVault({ bootstrap: 'boot' }) })
    expect((await refuseConnect(0)).scopes).toEqual(SCOPES)
    const second = await nextConnect(1)
    expect(second).toMatchObject({ scopes: ['operator.read', 'operator.write', 'operator.approvals'], auth: { bootstrapToken: 'boot' } })
    expect(h.vault.bootstrap).toBeDefined()
  })

  it('is called spent, and deleted, when the narrower request is refused too', async () => {
    const h = start({ scopes: SCOPES, vault: new MemoryVault({ bootstrap: 'boot' }) })
    await refuseConnect(0)
    expect((await refuseConnect(1)).scopes).not.toContain('operator.questions')
    await waitForPhase(h, 'needs-user')
    expect(h.client.status).toMatchObject({ problem: { kind: 'bootstrap-invalid' } })
    expect(h.vault.bootstrap).toBeUndefined()
    await delay(100)
    expect(fake.gateway.count).toBe(2)
  })

  it('is not retried when it asked for nothing newer', async () => {
    const h = start({ vault: new MemoryVault({ bootstrap: 'boot' }) })
    await refuseConnect(0)
    await waitForPhase(h, 'needs-user')
    expect(h.vault.bootstrap).toBeUndefined()
  })
})
