import { describe, expect, it } from 'vitest'
import type { Problem } from '../../gateway'
import { explainProblem } from './explainProblem'

const gateway = { label: 'home.example', role: 'operator' } as const
const ORIGIN = 'https://app.example'

/** One of each kind: the switch in explainProblem must answer every one. */
const EVERY_PROBLEM: Problem[] = [
  { kind: 'pairing-pending', requestId: 'req-1', reason: 'not-paired' },
  { kind: 'pairing-rejected' },
  { kind: 'bootstrap-invalid', message: 'bootstrap token invalid' },
  { kind: 'device-token-rejected', role: 'node', message: 'token revoked' },
  { kind: 'origin-not-allowed', message: 'origin not allowed' },
  { kind: 'protocol-mismatch', message: 'expected protocol 5' },
  { kind: 'gateway-too-old', gatewayProtocol: 3, minimumRelease: '2026.5.12' },
  { kind: 'rate-limited', retryAfterMs: 90_000, message: 'slow down' },
  { kind: 'auth-failed', code: 'AUTH_TOKEN_MISMATCH', message: 'token mismatch' },
  { kind: 'no-credentials' },
  { kind: 'rejected', code: 'INVALID_REQUEST', message: 'bad connect' },
]

describe('explainProblem', () => {
  it.each(EVERY_PROBLEM.map((problem) => [problem.kind, problem] as const))('explains %s with a title, a cause and a way out', (_kind, problem) => {
    const explained = explainProblem(problem, gateway, ORIGIN)
    expect(explained.title).not.toBe('')
    expect(explained.cause).not.toBe('')
    // Every problem leaves the user something to press: a new code, a retry, or both.
    expect(explained.needsNewCode || explained.canRetry).toBe(true)
  })

  it('asks for a new code when the code or the token is spent, and offers a retry when the gateway may change its mind', () => {
    const needsNewCode = EVERY_PROBLEM.filter((problem) => explainProblem(problem, gateway, ORIGIN).needsNewCode).map((problem) => problem.kind)
    const canRetry = EVERY_PROBLEM.filter((problem) => explainProblem(problem, gateway, ORIGIN).canRetry).map((problem) => problem.kind)
    expect(needsNewCode).toEqual(['pairing-rejected', 'bootstrap-invalid', 'device-token-rejected', 'auth-failed', 'no-credentials'])
    expect(canRetry).toEqual(['pairing-pending', 'origin-not-allowed', 'protocol-mismatch', 'gateway-too-old', 'rate-limited', 'rejected'])
  })

  it("gives the exact allowedOrigins command for this app's origin", () => {
    const explained = explainProblem({ kind: 'origin-not-allowed', message: 'x' }, gateway, ORIGIN)
    expect(explained.command).toBe(`openclaw config set gateway.controlUi.allowedOrigins '["https://app.example"]' --strict-json`)
    expect(explained.cause).toContain('https://app.example')
  })

  it('gives the approve command for a pending request', () => {
    expect(explainProblem({ kind: 'pairing-pending', requestId: 'req-42', reason: 'x' }, gateway, ORIGIN).command).toBe('openclaw devices approve req-42')
  })

  it("names the rejected token's role, and the gateway and role that have no credentials", () => {
    expect(explainProblem({ kind: 'device-token-rejected', role: 'node', message: 'x' }, gateway, ORIGIN).cause).toContain('sign-in as Node:')
    expect(explainProblem({ kind: 'device-token-rejected', role: 'operator', message: 'x' }, gateway, ORIGIN).cause).toContain('sign-in as Chat (operator):')
    expect(explainProblem({ kind: 'no-credentials' }, { label: 'lab', role: 'node' }, ORIGIN).cause).toBe(
      'This device holds nothing it could sign in to lab with as Node: its sign-in was removed.',
    )
  })

  it('rounds a rate limit up to whole minutes, and says "a few minutes" when the gateway gave no time', () => {
    expect(explainProblem({ kind: 'rate-limited', retryAfterMs: 90_000, message: 'x' }, gateway, ORIGIN).fix).toBe('Wait about 2 minutes, then retry.')
    expect(explainProblem({ kind: 'rate-limited', message: 'x' }, gateway, ORIGIN).fix).toBe('Wait a few minutes, then retry.')
  })

  it("passes the gateway's own words through for a mismatch, a failed sign-in and a refusal", () => {
    expect(explainProblem({ kind: 'protocol-mismatch', message: 'expected protocol 5' }, gateway, ORIGIN).cause).toBe(
      'This app and the gateway speak different versions of the gateway’s protocol. The gateway said: expected protocol 5',
    )
    expect(explainProblem({ kind: 'auth-failed', code: 'C', message: 'token mismatch' }, gateway, ORIGIN).cause).toBe('token mismatch')
    expect(explainProblem({ kind: 'rejected', code: 'INVALID_REQUEST', message: 'bad connect' }, gateway, ORIGIN).cause).toBe(
      'The gateway said: bad connect (INVALID_REQUEST)',
    )
  })

  it('names the minimum working gateway release and the update command for a protocol-3-only gateway', () => {
    const explained = explainProblem({ kind: 'gateway-too-old', gatewayProtocol: 3, minimumRelease: '2026.5.12' }, gateway, ORIGIN)
    expect(explained.title).toBe('This gateway is too old for this app')
    expect(explained.cause).toBe(
      'The gateway home.example speaks only gateway protocol 3. This app needs protocol 4, which OpenClaw gateways speak from release 2026.5.12 on.',
    )
    expect(explained.fix).toBe('Update the gateway to release 2026.5.12 or later: run this on the gateway host, then retry.')
    expect(explained.command).toBe('openclaw update')
    expect(explained.canRetry).toBe(true)
  })

  it('keeps the generic version screen for a gateway newer than the app', () => {
    expect(explainProblem({ kind: 'protocol-mismatch', message: 'protocol mismatch', gatewayProtocol: 5 }, gateway, ORIGIN).title).toBe(
      'Gateway version not supported',
    )
  })
})
