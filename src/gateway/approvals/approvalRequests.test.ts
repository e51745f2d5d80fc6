// @vitest-environment node
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  displayText,
  MAX_DISPLAY_CHARS,
  offeredDecisions,
  parseAgentQuestion,
  parseApprovalHistoryItem,
  parseApprovalRequest,
  parseApprovalResolved,
  parseApprovalSnapshot,
  parseQuestionResolved,
} from './approvalRequests'
import { ApprovalListResult } from './approvalsProtocol'

// Shapes as the 2026.9.6 gateway sends them (buildRequestedApprovalEvent: { id, request, createdAtMs, expiresAtMs }).
const execRequested = (request: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  id: 'a1b2c3',
  request: {
    command: 'ls -la /tmp',
    commandArgv: ['ls', '-la', '/tmp'],
    cwd: '/home/me/project',
    host: 'gateway',
    security: 'full',
    ask: 'always',
    allowedDecisions: ['allow-once', 'allow-always', 'deny'],
    agentId: 'main',
    sessionKey: 'agent:main:main',
    ...request,
  },
  createdAtMs: 1_000,
  expiresAtMs: 121_000,
  ...extra,
})

const pluginRequested = (request: Record<string, unknown> = {}) => ({
  id: 'plugin:77',
  request: {
    title: 'Send the weekly email',
    description: 'To 12 people',
    severity: 'warning',
    allowedDecisions: ['allow-once', 'deny'],
    sessionKey: 'agent:main:s2',
    ...request,
  },
  createdAtMs: 5,
  expiresAtMs: 10,
})

describe('parseApprovalRequest (exec)', () => {
  it('reads command, working directory, host, agent, session and the offered decisions', () => {
    expect(parseApprovalRequest('exec', execRequested())).toEqual({
      id: 'a1b2c3',
      kind: 'exec',
      subject: 'ls -la /tmp',
      cwd: '/home/me/project',
      host: 'gateway',
      detail: undefined,
      agentId: 'main',
      sessionKey: 'agent:main:main',
      decisions: ['allow-once', 'allow-always', 'deny'],
      createdAtMs: 1_000,
      expiresAtMs: 121_000,
    })
  })

  it('offers only the decisions the request lists, dropping unknown ones and keeping deny', () => {
    const request = parseApprovalRequest('exec', execRequested({ allowedDecisions: ['allow-once', 'rm -rf /', 42, null, 'ALLOW-ALWAYS'] }))
    expect(request?.decisions).toEqual(['allow-once', 'deny'])
    // "allow-always" the gateway marked unavailable is not offered even when listed.
    expect(parseApprovalRequest('exec', execRequested({ unavailableDecisions: ['allow-always'] }))?.decisions).toEqual(['allow-once', 'deny'])
  })

  it('shows control characters as visible escapes instead of passing them to the page', () => {
    const request = parseApprovalRequest('exec', execRequested({ command: 'echo hi\u001b[2J\u0007; \u202Erm -rf ~\u202C', cwd: '/tmp/\u0000x' }))
    expect(request?.subject).toBe('echo hi\\u{1B}[2J\\u{7}; \\u{202E}rm -rf ~\\u{202C}')
    expect(request?.cwd).toBe('/tmp/\\u{0}x')
    // Newlines of a multi-line command stay: they are part of what would run.
    expect(parseApprovalRequest('exec', execRequested({ command: 'a\nb' }))?.subject).toBe('a\nb')
  })

  it('cuts a huge command for display and still shows the request', () => {
    const request = parseApprovalRequest('exec', execRequested({ command: `curl ${'x'.repeat(5_000_000)}` }))
    expect(request?.subject.length).toBe(MAX_DISPLAY_CHARS)
    expect(request?.subject.endsWith('…')).toBe(true)
    expect(request?.decisions).toEqual(['allow-once', 'allow-always', 'deny'])
  })

  it('turns away what cannot be shown: no id, no command, no expiry, not an object', () => {
    for (const bad of [
      null,
      'exec',
      [],
      execRequested({}, { id: '' }),
      execRequested({ command: '' }),
      execRequested({ command: 7 }),
      execRequested({}, { expiresAtMs: undefined }),
      execRequested({}, { expiresAtMs: -1 }),
      execRequested({}, { request: null }),
    ]) {
      expect(parseApprovalRequest('exec', bad)).toBeNull()
    }
  })

  it('reads null fields (the gateway sends null for what it does not know) as absent', () => {
    const request = parseApprovalRequest('exec', execRequested({ cwd: null, host: null, agentId: null, sessionKey: null, allowedDecisions: undefined }))
    expect(request).toMatchObject({ cwd: undefined, host: undefined, agentId: undefined, sessionKey: undefined })
    expect(request?.decisions).toEqual(['allow-once', 'allow-always', 'deny'])
  })

  it('never throws and never offers a decision outside the known three, whatever the payload', () => {
    fc.assert(
      fc.property(fc.anything(), fc.array(fc.oneof(fc.string(), fc.anything())), (junk, decisions) => {
        const parsed = parseApprovalRequest('exec', execRequested({ allowedDecisions: decisions, cwd: junk }))
        const again = parseApprovalRequest('plugin', junk)
        for (const request of [parsed, again]) {
          if (request) expect(request.decisions.every((decision) => ['allow-once', 'allow-always', 'deny'].includes(decision))).toBe(true)
          if (request) expect(request.decisions).toContain('deny')
        }
      }),
    )
  })
})

describe('parseApprovalRequest (plugin)', () => {
  it('reads the plugin’s own title, description and allowed decisions', () => {
    expect(parseApprovalRequest('plugin', pluginRequested())).toMatchObject({
      id: 'plugin:77',
      kind: 'plugin',
      subject: 'Send the weekly email',
      description: 'To 12 people',
      severity: 'warning',
      sessionKey: 'agent:main:s2',
      decisions: ['allow-once', 'deny'],
    })
  })

  it('needs a title', () => {
    expect(parseApprovalRequest('plugin', pluginRequested({ title: '' }))).toBeNull()
    expect(parseApprovalRequest('plugin', pluginRequested({ title: undefined }))).toBeNull()
  })
})

describe('resolved events and the canonical record', () => {
  it('reads who decided what', () => {
    expect(parseApprovalResolved({ id: 'a', decision: 'allow-once', resolvedBy: 'Pixel 9', ts: 3 })).toEqual({
      id: 'a',
      decision: 'allow-once',
      status: 'allowed',
      resolvedBy: 'Pixel 9',
    })
    expect(parseApprovalResolved({ id: 'a', decision: 'deny', resolvedBy: null })).toMatchObject({ status: 'denied', resolvedBy: undefined })
  })

  it('reads an unknown or missing decision as no decision (never as an allow)', () => {
    expect(parseApprovalResolved({ id: 'a', decision: 'allow-forever' })).toMatchObject({ decision: null, status: 'expired' })
    expect(parseApprovalResolved({ id: 'a' })).toMatchObject({ decision: null })
    expect(parseApprovalResolved({ decision: 'deny' })).toBeNull()
  })

  it('cleans a hostile resolver name', () => {
    expect(parseApprovalResolved({ id: 'a', decision: 'deny', resolvedBy: `evil\u001b]0;pwned\u0007${'y'.repeat(1000)}` })?.resolvedBy).toMatch(
      /^evil\\u\{1B\}\]0;pwned\\u\{7\}y+…$/,
    )
  })

  it('reads approval.get / approval.resolve snapshots', () => {
    const common = {
      id: 'a',
      urlPath: '/approvals/a',
      createdAtMs: 1,
      expiresAtMs: 2,
      presentation: { kind: 'exec', commandText: 'ls', allowedDecisions: ['deny'] },
    }
    expect(parseApprovalSnapshot({ ...common, status: 'pending' })).toEqual({ id: 'a', status: 'pending', decision: null })
    expect(
      parseApprovalSnapshot({
        ...common,
        status: 'allowed',
        decision: 'allow-once',
        reason: 'user',
        resolvedAtMs: 3,
        resolver: { kind: 'device', id: 'dev-1' },
      }),
    ).toEqual({
      id: 'a',
      status: 'allowed',
      decision: 'allow-once',
      resolvedBy: 'dev-1',
    })
    expect(parseApprovalSnapshot({ ...common, status: 'expired', reason: 'timeout', resolvedAtMs: 3, resolver: { kind: 'system' } })).toEqual({
      id: 'a',
      status: 'expired',
      decision: null,
    })
    expect(parseApprovalSnapshot({ ...common, status: 'exploded' })).toBeNull()
    expect(parseApprovalSnapshot(null)).toBeNull()
  })

  it('reads both shapes of a list answer', () => {
    expect(ApprovalListResult.parse([execRequested()])).toHaveLength(1)
    expect(ApprovalListResult.parse({ approvals: [execRequested()] })).toEqual({ approvals: [execRequested()] })
  })
})

describe('offeredDecisions and displayText', () => {
  it('keeps the app’s order and always includes deny', () => {
    expect(offeredDecisions(['deny', 'allow-once'])).toEqual(['allow-once', 'deny'])
    expect(offeredDecisions(['allow-always'])).toEqual(['allow-always', 'deny'])
    expect(offeredDecisions([])).toEqual(['deny'])
    expect(offeredDecisions(undefined)).toEqual(['allow-once', 'allow-always', 'deny'])
  })

  it('leaves ordinary text alone', () => {
    expect(displayText('git status && echo "ok"\ttab')).toBe('git status && echo "ok"\ttab')
  })
})

describe('agent questions', () => {
  const record = (extra: Record<string, unknown> = {}) => ({
    id: 'q1',
    questions: [
      {
        questionId: 'color',
        header: 'Colour',
        question: 'Which colour?',
        options: [{ label: 'Red' }, { label: 'Blue', description: 'calm' }],
        multiSelect: false,
      },
      { questionId: 'size', header: 'Size', question: 'Which sizes?', options: [{ label: 'S' }, { label: 'M' }], multiSelect: true },
    ],
    sessionKey: 'agent:main:main',
    createdAtMs: 1,
    expiresAtMs: 900_001,
    status: 'pending',
    ...extra,
  })

  it('reads a pending question with its steps and options', () => {
    const question = parseAgentQuestion(record())
    expect(question?.questions.map((q) => [q.questionId, q.multiSelect, q.options.map((o) => o.label)])).toEqual([
      ['color', false, ['Red', 'Blue']],
      ['size', true, ['S', 'M']],
    ])
    expect(question?.status).toBe('pending')
  })

  it('drops a malformed step or option and keeps the rest; nothing left means no question', () => {
    const question = parseAgentQuestion(
      record({ questions: [{ questionId: 'x' }, { questionId: 'ok', question: 'Sure?', options: [{ label: '' }, { label: 'Yes' }, 5] }] }),
    )
    expect(question?.questions).toEqual([
      { questionId: 'ok', header: undefined, question: 'Sure?', options: [{ label: 'Yes', description: undefined }], multiSelect: false, isSecret: false },
    ])
    expect(parseAgentQuestion(record({ questions: [{ questionId: 'x' }] }))).toBeNull()
    expect(parseAgentQuestion(record({ status: 'weird' }))).toBeNull()
  })

  it('reads answers and resolved events; a hostile answer map loses only its bad entries', () => {
    expect(parseAgentQuestion(record({ status: 'answered', answers: { answers: { color: ['Red'], size: 'M', evil: [1] } } }))?.answers).toEqual({
      color: ['Red'],
    })
    expect(parseQuestionResolved({ id: 'q1', status: 'answered', answers: { answers: { color: ['Blue'] } } })).toEqual({
      id: 'q1',
      status: 'answered',
      answers: { color: ['Blue'] },
    })
    expect(parseQuestionResolved({ id: 'q1', status: 'pending' })).toBeNull()
    expect(parseQuestionResolved({ id: 'q1', status: 'cancelled' })).toEqual({ id: 'q1', status: 'cancelled', answers: undefined })
  })
})

describe('approval.history items', () => {
  const item = (extra: Record<string, unknown> = {}) => ({
    id: 'h1',
    status: 'allowed',
    decision: 'allow-once',
    reason: 'user',
    createdAtMs: 1_000,
    expiresAtMs: 2_000,
    resolvedAtMs: 1_500,
    presentation: { kind: 'exec', commandText: 'ls -la', allowedDecisions: ['allow-once', 'deny'] },
    source: { agentId: 'main', sessionKey: 'agent:main:main' },
    resolver: { kind: 'device', id: 'phone' },
    ...extra,
  })

  it('reads what was asked, how it ended, by whom, when and in which session', () => {
    expect(parseApprovalHistoryItem(item())).toEqual({
      id: 'h1',
      kind: 'exec',
      subject: 'ls -la',
      status: 'allowed',
      decision: 'allow-once',
      resolvedBy: 'phone',
      sessionKey: 'agent:main:main',
      createdAtMs: 1_000,
      resolvedAtMs: 1_500,
    })
    const plugin = parseApprovalHistoryItem(item({ status: 'denied', decision: 'deny', presentation: { kind: 'plugin', title: 'Post to Slack' } }))
    expect(plugin).toMatchObject({ kind: 'plugin', subject: 'Post to Slack', decision: 'deny' })
  })

  it('turns away pending and unreadable records; shows a hostile command as one escaped line', () => {
    expect(parseApprovalHistoryItem(item({ status: 'pending' }))).toBeNull()
    expect(parseApprovalHistoryItem(item({ status: 'exploded' }))).toBeNull()
    expect(parseApprovalHistoryItem({ status: 'allowed' })).toBeNull()
    expect(parseApprovalHistoryItem('nope')).toBeNull()
    const hostile = parseApprovalHistoryItem(
      item({ decision: 'allow-forever', presentation: { kind: 'exec', commandText: `rm\u001b[2J${'x'.repeat(10_000)}` } }),
    )
    expect(hostile?.decision).toBeNull()
    expect(hostile?.subject).toContain('\\u{1B}')
    expect(hostile!.subject.length).toBeLessThanOrEqual(300)
  })

  it('never throws, whatever the payload', () => {
    fc.assert(fc.property(fc.anything(), (raw) => void parseApprovalHistoryItem(raw)))
  })
})
