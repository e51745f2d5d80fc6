import { describe, expect, it } from 'vitest'
import { parsePushNotice, sessionKeyOfPath } from './pushNotice'

const push = (payload: unknown) => parsePushNotice(JSON.stringify(payload))

describe('parsePushNotice: what the gateway sends', () => {
  it('an approval request: its id from the tag and the path, never the URL itself', () => {
    const notice = push({
      title: 'OpenClaw approval requested',
      body: 'Open OpenClaw to review this request.',
      tag: 'openclaw-approval-3f1c0b7e-1d2a-4c55-9a1e-0c1b2d3e4f50',
      renotify: false,
      url: 'approve/3f1c0b7e-1d2a-4c55-9a1e-0c1b2d3e4f50#gatewayUrl=wss%3A%2F%2Fgw.example',
    })
    expect(notice).toMatchObject({ kind: 'approval', tag: 'openclaw-approval-3f1c0b7e-1d2a-4c55-9a1e-0c1b2d3e4f50' })
    expect(notice.target).toEqual({ kind: 'approval', approvalId: '3f1c0b7e-1d2a-4c55-9a1e-0c1b2d3e4f50' })
  })

  it('the "approval updated" copy (answered elsewhere) keeps the tag, so it replaces the request', () => {
    const notice = push({
      title: 'Home · OpenClaw approval updated',
      body: 'This approval is no longer pending.',
      tag: 'openclaw-approval-a1',
      url: 'approve/a1',
    })
    expect(notice.kind).toBe('approval-resolved')
    expect(notice.tag).toBe('openclaw-approval-a1')
  })

  it('a question, a finished run with its session, failures and the test push', () => {
    expect(push({ title: 'OpenClaw needs an answer', tag: 'openclaw-question-q9', url: 'ask/q9' }).target).toEqual({ kind: 'question', questionId: 'q9' })
    const finished = push({
      title: 'OpenClaw agent finished',
      tag: 'openclaw-agent-finished-run-7',
      url: 'https://gw.example/chat/main/dashboard/abc#gatewayUrl=x',
    })
    expect(finished).toMatchObject({ kind: 'finished', target: { kind: 'session', sessionKey: 'agent:main:dashboard:abc' } })
    expect(push({ title: 'x', tag: 'openclaw-cron-failed-j1', url: 'automations?job=j1' })).toMatchObject({ kind: 'failed', target: { kind: 'gateway' } })
    expect(push({ title: 'OpenClaw', body: 'Web push test notification' })).toMatchObject({ kind: 'test', body: 'Web push test notification' })
  })

  it("reads the gateway's session paths as session keys", () => {
    expect(sessionKeyOfPath('chat/main')).toBe('agent:main:main')
    expect(sessionKeyOfPath('chat/ops/~key/main')).toBe('agent:ops:main')
    expect(sessionKeyOfPath('chat/main/telegram/direct/42')).toBe('agent:main:telegram:direct:42')
    expect(sessionKeyOfPath('sessions')).toBeNull()
    expect(sessionKeyOfPath('chat/main/%E2%80%AEevil')).toBeNull()
  })
})

describe('parsePushNotice: hostile input never throws and never yields a target it did not prove', () => {
  const hostile: Array<string | null | undefined> = [
    null,
    undefined,
    '',
    'not json',
    '[]',
    'null',
    '42',
    JSON.stringify({ title: 7, body: {}, tag: [], url: null }),
    JSON.stringify({ title: 'x'.repeat(100_000) }),
    JSON.stringify({ tag: 'openclaw-approval-<script>', url: 'javascript:alert(1)' }),
    JSON.stringify({ tag: 'openclaw-approval-', url: 'approve/' }),
    JSON.stringify({ url: 'approve/%E0%A4%A' }),
    JSON.stringify({ url: 'https://evil.example/approve/../../steal' }),
    JSON.stringify({ tag: 'openclaw-question-a b', url: 'ask/a%20b' }),
    JSON.stringify({ __proto__: { kind: 'approval' }, constructor: 'x' }),
  ]
  it.each(hostile.map((text, index) => [index, text]))('input %i', (_index, text) => {
    const notice = parsePushNotice(text as string)
    expect(['other', 'test']).toContain(notice.kind)
    expect(notice.target.kind === 'gateway' || notice.target.kind === 'session').toBe(true)
    expect(notice.title.length).toBeLessThanOrEqual(160)
  })

  it('an id with look-alike or control characters is refused, and the text is cleaned of controls', () => {
    expect(push({ tag: 'openclaw-approval-аpprove' /* Cyrillic а */ }).kind).toBe('other')
    const notice = push({ title: 'Pay\u202Eevil\u0007', body: 'line\nbreak' })
    expect(notice.title).toBe('Pay evil')
    expect(notice.body).toBe('line break')
  })

  it('a huge payload is not read at all', () => {
    expect(parsePushNotice(JSON.stringify({ tag: 'openclaw-approval-a1', pad: 'x'.repeat(9000) })).kind).toBe('other')
  })
})
