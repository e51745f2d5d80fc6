// @vitest-environment node
import { describe, expect, it } from 'vitest'
import type { ApprovalEntry, ApprovalsView, QuestionEntry } from '../../store'
import { inboxDecisions, inboxItems, waitingCount } from './inbox'

const NOW = 1_000_000
const approval = (id: string, createdAtMs: number, fields: Partial<ApprovalEntry> = {}): ApprovalEntry => ({
  id,
  kind: 'exec',
  subject: `echo ${id}`,
  decisions: ['allow-once', 'deny'],
  createdAtMs,
  expiresAtMs: NOW + 60_000,
  status: 'pending',
  ...fields,
})
const question = (id: string, createdAtMs: number, fields: Partial<QuestionEntry> = {}): QuestionEntry => ({
  id,
  questions: [{ questionId: 'q', question: `Which ${id}?`, options: [], multiSelect: false, isSecret: false }],
  createdAtMs,
  expiresAtMs: NOW + 60_000,
  status: 'pending',
  ...fields,
})
const view = (entries: ApprovalEntry[], questions: QuestionEntry[] = []): ApprovalsView => ({ entries, questions })

describe('the Requests inbox', () => {
  it('merges every saved gateway’s waiting requests, oldest first', () => {
    const approvals = {
      home: view([approval('h2', 300), approval('h1', 100)], [question('hq', 250)]),
      work: view([approval('w1', 200)], [question('wq', 50)]),
    }
    expect(inboxItems(approvals, ['home', 'work'], NOW).map((item) => `${item.gatewayId}/${item.id}`)).toEqual([
      'work/wq',
      'home/h1',
      'work/w1',
      'home/hq',
      'home/h2',
    ])
  })

  it('leaves out what is answered, skipped, ended or past its deadline, and gateways no longer saved', () => {
    const approvals = {
      home: view(
        [
          approval('waiting', 1),
          approval('sending', 2, { status: 'sending' }),
          approval('checking', 3, { status: 'checking' }),
          approval('answered', 4, { status: 'answered' }),
          approval('elsewhere', 5, { status: 'answered-elsewhere' }),
          approval('late', 6, { expiresAtMs: NOW }),
        ],
        [question('asked', 7), question('skipped', 8, { status: 'cancelled' }), question('expired', 9, { status: 'expired' })],
      ),
      forgotten: view([approval('gone', 0)]),
    }
    expect(inboxItems(approvals, ['home'], NOW).map((item) => item.id)).toEqual(['waiting', 'sending', 'checking', 'asked'])
    expect(waitingCount(approvals.home, NOW)).toBe(4)
    expect(waitingCount(approvals.home, NOW + 60_000)).toBe(0)
    expect(waitingCount(undefined, NOW)).toBe(0)
  })

  it('lists the decisions of every gateway newest first', () => {
    const decided = (id: string, resolvedAtMs: number) => ({
      id,
      kind: 'exec' as const,
      subject: id,
      status: 'denied' as const,
      decision: 'deny' as const,
      createdAtMs: 0,
      resolvedAtMs,
    })
    const approvals = {
      home: { ...view([]), history: { state: 'ready' as const, entries: [decided('h-new', 30), decided('h-old', 10)] } },
      work: { ...view([]), history: { state: 'ready' as const, entries: [decided('w', 20)] } },
    }
    expect(inboxDecisions(approvals, ['home', 'work']).map((entry) => `${entry.gatewayId}/${entry.id}`)).toEqual(['home/h-new', 'work/w', 'home/h-old'])
  })
})
