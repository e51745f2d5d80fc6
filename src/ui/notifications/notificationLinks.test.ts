// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { readLinkFromMessage, readLinkFromSearch } from './notificationLinks'

describe('where a tapped notification leads', () => {
  it('reads the URL the worker opens the app at', () => {
    expect(readLinkFromSearch('?gateway=g1&approval=a1')).toEqual({ gatewayId: 'g1', target: { kind: 'approval', approvalId: 'a1' } })
    expect(readLinkFromSearch('?gateway=g1&question=q1')).toEqual({ gatewayId: 'g1', target: { kind: 'question', questionId: 'q1' } })
    expect(readLinkFromSearch('?gateway=g%201&session=agent%3Amain%3Ax')).toEqual({ gatewayId: 'g 1', target: { kind: 'session', sessionKey: 'agent:main:x' } })
    expect(readLinkFromSearch('?gateway=g1')).toEqual({ gatewayId: 'g1', target: { kind: 'gateway' } })
  })

  it('an address without a gateway is no link (the app opens as it would)', () => {
    expect(readLinkFromSearch('')).toBeNull()
    expect(readLinkFromSearch('?approval=a1')).toBeNull()
    expect(readLinkFromSearch('?locale=de')).toBeNull()
  })

  it("reads only the worker's own message; anything else posted to the page is ignored", () => {
    expect(readLinkFromMessage({ type: 'open-notification', gatewayId: 'g1', target: { kind: 'approval', approvalId: 'a1' } })).toEqual({
      gatewayId: 'g1',
      target: { kind: 'approval', approvalId: 'a1' },
    })
    for (const junk of [
      null,
      'open-notification',
      { type: 'SKIP_WAITING' },
      { type: 'open-notification', gatewayId: 7, target: { kind: 'gateway' } },
      { type: 'open-notification', gatewayId: 'g' },
    ])
      expect(readLinkFromMessage(junk)).toBeNull()
  })
})
