import { describe, expect, it } from 'vitest'
import { badgeCount, gatewayIdOfScope, pushScopeOf, readPushRecord, waitingAfter } from './pushRegistry'

const texts = { approval: 'a', approvalResolved: 'r', question: 'q', finished: 'f', failed: 'x', test: 't', other: 'o' }

describe('push registrations: one scope per gateway', () => {
  it('a scope under the base path, read back to its gateway', () => {
    const scope = pushScopeOf('/', 'gw 1/ä')
    expect(scope).toBe('/push/gw%201%2F%C3%A4/')
    expect(gatewayIdOfScope(`https://app.example${scope}`, '/')).toBe('gw 1/ä')
    expect(gatewayIdOfScope('https://app.example/companion/push/abc/', '/companion/')).toBe('abc')
  })

  it("the app's own registration and strange scopes belong to no gateway", () => {
    expect(gatewayIdOfScope('https://app.example/', '/')).toBeNull()
    expect(gatewayIdOfScope('https://app.example/push/', '/')).toBeNull()
    expect(gatewayIdOfScope('https://app.example/push/a/b/', '/')).toBeNull()
    expect(gatewayIdOfScope('https://app.example/push/%E0%A4/', '/')).toBeNull()
    expect(gatewayIdOfScope('not a url', '/')).toBeNull()
  })
})

describe('the record the worker reads', () => {
  it('keeps a well-formed record and refuses anything else', () => {
    expect(readPushRecord({ gatewayId: 'g', name: 'Home', texts, waiting: ['t1', 3] })).toEqual({ gatewayId: 'g', name: 'Home', texts, waiting: ['t1'] })
    expect(readPushRecord({ gatewayId: 'g', name: 'Home', texts: { ...texts, test: 1 } })).toBeNull()
    expect(readPushRecord('x')).toBeNull()
    expect(readPushRecord(null)).toBeNull()
  })

  it('the badge counts waiting requests on every gateway, each once', () => {
    const a = { gatewayId: 'a', name: 'A', texts, waiting: ['openclaw-approval-1', 'openclaw-question-2', 'openclaw-approval-1'] }
    const b = { gatewayId: 'b', name: 'B', texts, waiting: ['openclaw-approval-9'] }
    expect(badgeCount([a, b])).toBe(3)
    expect(badgeCount([])).toBe(0)
  })

  it('a request joins the waiting list once; its "updated" push and other kinds take it off', () => {
    let waiting = waitingAfter([], 'approval', 'openclaw-approval-1')
    waiting = waitingAfter(waiting, 'approval', 'openclaw-approval-1')
    expect(waiting).toEqual(['openclaw-approval-1'])
    waiting = waitingAfter(waiting, 'question', 'openclaw-question-2')
    expect(waitingAfter(waiting, 'approval-resolved', 'openclaw-approval-1')).toEqual(['openclaw-question-2'])
  })
})
