// @vitest-environment node
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ChatEvent,
  ChatSendAck,
  ConnectChallenge,
  ErrorShape,
  EventFrame,
  HelloOk,
  InboundFrame,
  messageText,
  PROTOCOL_VERSION,
  ResFrame,
  ShutdownEvent,
  TickEvent,
} from './protocol'

// Protocol doc §4.2, verbatim.
const CHALLENGE_FRAME = {
  type: 'event',
  event: 'connect.challenge',
  payload: { nonce: '3f0e7a8c-2b1d-4c55-9a77-0f1e2d3c4b5a', ts: 1737264000000, capabilities: ['model-catalog-snapshot'] },
}

// Protocol doc §6 (the "…" placeholders of the doc replaced by plausible values).
const HELLO_OK_FRAME = {
  type: 'res',
  id: 'c0d1a7e2-6a0b-4e1c-9a4f-0d8b7e2f1a33',
  ok: true,
  payload: {
    type: 'hello-ok',
    protocol: 4,
    server: { version: '2026.9.6', buildId: 'b1', bootId: 'boot-1', controlUiBuildSource: 'bundled', connId: 'conn-uuid' },
    features: {
      methods: ['health', 'status', 'chat.send', 'chat.history'],
      events: ['connect.challenge', 'agent', 'chat'],
      capabilities: ['session-settings-contract', 'taskSuggestions.acceptModes'],
    },
    snapshot: {
      presence: [],
      health: {},
      stateVersion: { presence: 3, health: 7 },
      uptimeMs: 12345,
      configPath: '/home/u/.openclaw/openclaw.json',
      stateDir: '/home/u/.openclaw',
      authMode: 'token',
      sessionDefaults: { defaultAgentId: 'main', mainKey: 'main', mainSessionKey: 'agent:main:main' },
      suspension: { phase: 'accepting' },
    },
    auth: {
      method: 'device-token',
      role: 'operator',
      scopes: ['operator.read', 'operator.write', 'operator.approvals'],
      deviceToken: 'q8mTokenValue',
      issuedAtMs: 1737264000123,
      recoveryScope: 'c2NvcGU',
      recoveryMigrationAllowed: true,
    },
    policy: {
      maxPayload: 26214400,
      maxBufferedBytes: 52428800,
      tickIntervalMs: 30000,
      attachments: { maxBytes: 20971520, maxImageBytes: 6291456 },
      allowedSessionVisibilities: ['private'],
      hasMultipleSessionSharingIdentities: false,
    },
  },
}

// Protocol doc §9.3, verbatim apart from the elided ids.
const PAIRING_REQUIRED_FRAME = {
  type: 'res',
  id: 'c0d1',
  ok: false,
  error: {
    code: 'NOT_PAIRED',
    message: 'pairing required: device is not approved yet',
    details: {
      code: 'PAIRING_REQUIRED',
      reason: 'not-paired',
      requestId: '6a1f0000',
      remediationHint: 'Approve this device from the pending pairing requests.',
      recommendedNextStep: 'wait_then_retry',
      retryable: true,
      pauseReconnect: false,
      deviceId: '21fe31df',
      requestedRole: 'operator',
      requestedScopes: ['operator.read', 'operator.write'],
    },
  },
}

const RUN_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7'
const chatEvent = (payload: Record<string, unknown>) => ({
  type: 'event',
  event: 'chat',
  seq: 57,
  payload: { runId: RUN_ID, sessionKey: 'agent:main:main', ...payload },
})

// Protocol doc §14.3.
const CHAT_EVENTS = {
  delta: chatEvent({
    seq: 3,
    state: 'delta',
    deltaText: 'lo, wor',
    message: { role: 'assistant', content: [{ type: 'text', text: 'Hello, wor' }], timestamp: 1737264001234 },
  }),
  final: chatEvent({
    seq: 4,
    state: 'final',
    message: { role: 'assistant', content: [{ type: 'text', text: 'Hello, world' }] },
    stopReason: 'stop',
    usage: { input: 3 },
  }),
  aborted: chatEvent({ seq: 5, state: 'aborted', message: { role: 'assistant', content: [{ type: 'text', text: 'Hel' }] }, errorMessage: 'aborted by user' }),
  error: chatEvent({ seq: 6, state: 'error', errorMessage: 'model timed out', errorKind: 'timeout', errorDetail: { provider: 'fake', httpStatus: 504 } }),
  status: chatEvent({ seq: 1, state: 'status', phase: 'starting_model', retry: { attempt: 1, maxAttempts: 3, reason: 'rate_limit' } }),
}

describe('frame envelope', () => {
  it('accepts the connect.challenge of §4.2 and keeps its capabilities', () => {
    const frame = InboundFrame.parse(CHALLENGE_FRAME)
    expect(frame.type).toBe('event')
    const challenge = ConnectChallenge.parse(frame.payload)
    expect(challenge).toEqual(CHALLENGE_FRAME.payload)
  })

  it('accepts the hello-ok of §6 and preserves every field it does not model', () => {
    const frame = ResFrame.parse(HELLO_OK_FRAME)
    expect(frame.ok).toBe(true)
    const hello = HelloOk.parse(frame.payload)
    expect(hello.protocol).toBe(PROTOCOL_VERSION)
    expect(hello.auth?.role).toBe('operator')
    expect(hello.auth?.deviceToken).toBe('q8mTokenValue')
    expect(hello.policy?.tickIntervalMs).toBe(30000)
    expect(hello.snapshot?.sessionDefaults?.mainSessionKey).toBe('agent:main:main')
    expect(hello).toMatchObject({
      server: { buildId: 'b1', controlUiBuildSource: 'bundled' },
      features: { capabilities: ['session-settings-contract', 'taskSuggestions.acceptModes'] },
      snapshot: { uptimeMs: 12345, suspension: { phase: 'accepting' } },
      auth: { recoveryScope: 'c2NvcGU', recoveryMigrationAllowed: true },
      policy: { maxBufferedBytes: 52428800, allowedSessionVisibilities: ['private'] },
    })
  })

  it('accepts the PAIRING_REQUIRED error of §9.3 with its details intact', () => {
    const frame = ResFrame.parse(PAIRING_REQUIRED_FRAME)
    expect(frame.ok).toBe(false)
    expect(frame.error?.code).toBe('NOT_PAIRED')
    expect(frame.error?.details).toEqual(PAIRING_REQUIRED_FRAME.error.details)
  })

  it('accepts the chat.send ack of §14.2', () => {
    const frame = ResFrame.parse({ type: 'res', id: 'r-42', ok: true, payload: { runId: RUN_ID, status: 'started', messageSeq: 12 } })
    expect(ChatSendAck.parse(frame.payload)).toEqual({ runId: RUN_ID, status: 'started', messageSeq: 12 })
    expect(ChatSendAck.parse({ runId: RUN_ID, status: 'ok', replayed: true, serverTiming: { ms: 3 } })).toMatchObject({
      replayed: true,
      serverTiming: { ms: 3 },
    })
  })

  it('accepts tick and shutdown events', () => {
    const tick = EventFrame.parse({ type: 'event', event: 'tick', seq: 9, payload: { ts: 1737264030000 } })
    expect(TickEvent.parse(tick.payload).ts).toBe(1737264030000)
    const shutdown = EventFrame.parse({ type: 'event', event: 'shutdown', seq: 10, payload: { reason: 'restart', restartExpectedMs: 4000 } })
    expect(ShutdownEvent.parse(shutdown.payload)).toEqual({ reason: 'restart', restartExpectedMs: 4000 })
    expect(ShutdownEvent.safeParse({ reason: 'restart', restartExpectedMs: -1 }).success).toBe(false)
  })

  it('preserves unknown top-level fields on res and event frames', () => {
    const event = InboundFrame.parse({ type: 'event', event: 'presence', stateVersion: { presence: 1, health: 2 }, recipientProfileId: 'p' })
    expect(event).toMatchObject({ stateVersion: { presence: 1, health: 2 }, recipientProfileId: 'p' })
    const res = InboundFrame.parse({ type: 'res', id: 'a', ok: true, traceparent: '00-abc' })
    expect(res).toMatchObject({ traceparent: '00-abc' })
    const error = ErrorShape.parse({ code: 'X', message: 'm', extra: [1, 2] })
    expect(error).toMatchObject({ extra: [1, 2] })
  })

  it.each([
    ['missing type', { id: 'a', ok: true }],
    ['unknown type', { type: 'req', id: 'a', method: 'health' }],
    ['unknown type string', { type: 'hello', id: 'a', ok: true }],
    ['res without id', { type: 'res', ok: true }],
    ['res with empty id', { type: 'res', id: '', ok: true }],
    ['res with numeric id', { type: 'res', id: 7, ok: true }],
    ['ok not boolean', { type: 'res', id: 'a', ok: 'true' }],
    ['error without code', { type: 'res', id: 'a', ok: false, error: { message: 'no code' } }],
    ['error with empty code', { type: 'res', id: 'a', ok: false, error: { code: '', message: 'm' } }],
    ['error without message', { type: 'res', id: 'a', ok: false, error: { code: 'X' } }],
    ['error with negative retryAfterMs', { type: 'res', id: 'a', ok: false, error: { code: 'X', message: 'm', retryAfterMs: -5 } }],
    ['event with numeric event name', { type: 'event', event: 42 }],
    ['event with empty event name', { type: 'event', event: '' }],
    ['event with negative seq', { type: 'event', event: 'tick', seq: -1 }],
    ['event with non-integer seq', { type: 'event', event: 'tick', seq: 1.5 }],
    ['event with string seq', { type: 'event', event: 'tick', seq: '3' }],
    ['null', null],
    ['array', [{ type: 'event', event: 'tick' }]],
    ['string', 'event'],
  ])('rejects a frame with %s', (_name, frame) => {
    expect(InboundFrame.safeParse(frame).success).toBe(false)
  })
})

describe('connect.challenge', () => {
  it.each([
    ['a blank nonce', { nonce: '', ts: 1 }],
    ['a whitespace nonce', { nonce: ' \t\n ', ts: 1 }],
    ['no nonce', { ts: 1 }],
    ['a numeric nonce', { nonce: 5, ts: 1 }],
    ['no ts', { nonce: 'n' }],
    ['a negative ts', { nonce: 'n', ts: -1 }],
    ['a float ts', { nonce: 'n', ts: 1737264000000.5 }],
    ['a string ts', { nonce: 'n', ts: '1737264000000' }],
    ['a ts above MAX_SAFE_INTEGER', { nonce: 'n', ts: Number.MAX_SAFE_INTEGER + 2 }],
    ['an infinite ts', { nonce: 'n', ts: Number.POSITIVE_INFINITY }],
  ])('is invalid with %s', (_name, payload) => {
    expect(ConnectChallenge.safeParse(payload).success).toBe(false)
  })

  it('accepts ts at the edges of the safe range', () => {
    expect(ConnectChallenge.safeParse({ nonce: 'n', ts: 0 }).success).toBe(true)
    expect(ConnectChallenge.safeParse({ nonce: 'n', ts: Number.MAX_SAFE_INTEGER }).success).toBe(true)
  })

  it('trims the nonce like the gateway compares it', () => {
    expect(ConnectChallenge.parse({ nonce: '  abc  ', ts: 1 }).nonce).toBe('abc')
  })
})

describe('hello-ok', () => {
  it('is refused when its type is not hello-ok', () => {
    expect(HelloOk.safeParse({ ...HELLO_OK_FRAME.payload, type: 'hello' }).success).toBe(false)
    const { type: _type, ...untyped } = HELLO_OK_FRAME.payload
    expect(HelloOk.safeParse(untyped).success).toBe(false)
  })

  it('is refused with a non-integer protocol or an empty device token', () => {
    expect(HelloOk.safeParse({ type: 'hello-ok', protocol: '4' }).success).toBe(false)
    expect(HelloOk.safeParse({ type: 'hello-ok', protocol: 4, auth: { deviceToken: '' } }).success).toBe(false)
  })

  it('defaults missing scopes of issued tokens to an empty list', () => {
    const hello = HelloOk.parse({ type: 'hello-ok', protocol: 4, auth: { role: 'node', deviceTokens: [{ deviceToken: 't', role: 'operator' }] } })
    expect(hello.auth?.scopes).toEqual([])
    expect(hello.auth?.deviceTokens?.[0]?.scopes).toEqual([])
  })
})

describe('chat events (§14.3)', () => {
  it.each(Object.entries(CHAT_EVENTS))('accepts a %s event and keeps its extra fields', (state, frame) => {
    const parsed = EventFrame.parse(frame)
    expect(parsed.seq).toBe(57)
    const event = ChatEvent.parse(parsed.payload)
    expect(event.state).toBe(state)
    expect(event).toEqual(frame.payload)
  })

  it('rejects an unknown state', () => {
    expect(ChatEvent.safeParse({ runId: RUN_ID, sessionKey: 'agent:main:main', state: 'thinking' }).success).toBe(false)
  })

  it('rejects a chat event without runId or sessionKey', () => {
    expect(ChatEvent.safeParse({ sessionKey: 'agent:main:main', state: 'final' }).success).toBe(false)
    expect(ChatEvent.safeParse({ runId: RUN_ID, state: 'final' }).success).toBe(false)
  })
})

describe('messageText', () => {
  it('returns string content as is', () => {
    expect(messageText({ role: 'assistant', content: 'Hello' })).toBe('Hello')
  })

  it('joins the text blocks in order', () => {
    expect(
      messageText({
        role: 'assistant',
        content: [
          { type: 'text', text: 'Hel' },
          { type: 'text', text: 'lo' },
        ],
      }),
    ).toBe('Hello')
  })

  it('skips non-text blocks and text blocks without text', () => {
    const content = [{ type: 'image', text: 'not shown' }, { type: 'text', text: 'a' }, { type: 'tool_use' }, { type: 'text' }, { type: 'text', text: 'b' }]
    expect(messageText({ role: 'assistant', content })).toBe('ab')
  })

  it('is empty for no message, no content, or no blocks', () => {
    expect(messageText(undefined)).toBe('')
    expect(messageText({ role: 'assistant' })).toBe('')
    expect(messageText({ role: 'assistant', content: [] })).toBe('')
  })

  it('reads the cumulative snapshot of a real delta event', () => {
    expect(messageText(ChatEvent.parse(CHAT_EVENTS.delta.payload).message)).toBe('Hello, wor')
  })
})

describe('properties', () => {
  it('InboundFrame.safeParse never throws on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = InboundFrame.safeParse(value)
        expect(typeof result.success).toBe('boolean')
      }),
      { numRuns: 500 },
    )
  })

  it('InboundFrame.safeParse never throws on frame-shaped objects with arbitrary field values', () => {
    const frameLike = fc.record(
      {
        type: fc.oneof(fc.constantFrom('res', 'event'), fc.jsonValue()),
        id: fc.jsonValue(),
        ok: fc.jsonValue(),
        event: fc.jsonValue(),
        seq: fc.jsonValue(),
        error: fc.jsonValue(),
        payload: fc.jsonValue(),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(frameLike, (value) => void InboundFrame.safeParse(value)),
      { numRuns: 500 },
    )
  })

  const extraFields = fc.dictionary(
    fc.string({ minLength: 1 }).filter((key) => !['type', 'id', 'ok', 'payload', 'error', 'event', 'seq', '__proto__'].includes(key)),
    fc.jsonValue(),
    { maxKeys: 3 },
  )

  it('valid res frames round-trip unchanged, extra fields included', () => {
    const error = fc.record(
      { code: fc.string({ minLength: 1 }), message: fc.string(), details: fc.jsonValue(), retryable: fc.boolean(), retryAfterMs: fc.nat() },
      { requiredKeys: ['code', 'message'] },
    )
    const res = fc.record(
      { type: fc.constant('res' as const), id: fc.string({ minLength: 1 }), ok: fc.boolean(), payload: fc.jsonValue(), error },
      { requiredKeys: ['type', 'id', 'ok'] },
    )
    fc.assert(
      fc.property(res, extraFields, (frame, extra) => {
        const input = JSON.parse(JSON.stringify({ ...extra, ...frame })) as unknown
        const parsed = InboundFrame.safeParse(input)
        expect(parsed.success).toBe(true)
        expect(parsed.data).toEqual(input)
      }),
      { numRuns: 300 },
    )
  })

  it('valid event frames round-trip unchanged, extra fields included', () => {
    const event = fc.record(
      { type: fc.constant('event' as const), event: fc.string({ minLength: 1 }), payload: fc.jsonValue(), seq: fc.nat() },
      { requiredKeys: ['type', 'event'] },
    )
    fc.assert(
      fc.property(event, extraFields, (frame, extra) => {
        const input = JSON.parse(JSON.stringify({ ...extra, ...frame })) as unknown
        const parsed = InboundFrame.safeParse(input)
        expect(parsed.success).toBe(true)
        expect(parsed.data).toEqual(input)
      }),
      { numRuns: 300 },
    )
  })
})
