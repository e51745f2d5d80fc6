// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { describeInvocation, formatTime } from './commandText'

describe('describeInvocation', () => {
  it('names what was asked, when, what the user answered and when, and what was sent', () => {
    const at = Date.UTC(2026, 11, 7, 14, 2)
    const answeredAt = at + 60_000
    expect(
      describeInvocation({ id: 'a', command: 'location.get', atMs: at, state: 'sent', detail: 'precise', consent: { answer: 'allow-hour', atMs: answeredAt } }),
    ).toBe(`The agent asked for your location at ${formatTime(at)} (precise) — you allowed it for 1 hour at ${formatTime(answeredAt)} — sent`)
    expect(
      describeInvocation({
        id: 'b',
        command: 'camera.snap',
        atMs: at,
        state: 'failed',
        code: 'CAMERA_CONSENT_DENIED',
        message: 'the user did not allow a photo in time',
        consent: { answer: 'unanswered', atMs: answeredAt },
      }),
    ).toBe(
      `The agent asked for a photo from your camera at ${formatTime(at)} — you did not answer, so it was denied at ${formatTime(answeredAt)} — not sent: the user did not allow a photo in time (CAMERA_CONSENT_DENIED)`,
    )
    expect(describeInvocation({ id: 'c', command: 'camera.snap', atMs: at, state: 'failed', code: 'CAMERA_DISABLED', message: 'x' })).toBe(
      `The agent asked for a photo from your camera at ${formatTime(at)} — not sent: switched off on this device`,
    )
  })
})
