/**
 * zod schemas of the gateway's approval and question traffic (openclaw 2026.9.6): the
 * `exec.approval.*`, `plugin.approval.*` and `question.*` events, and the results of `approval.get`,
 * `approval.resolve`, the `*.approval.list` fallbacks and `question.list`. Loose like protocol.ts:
 * the gateway adds fields between releases. Decisions and statuses are read as plain strings here
 * and narrowed in approvalRequests.ts, so one unknown value never costs the whole request.
 */
import { zodKit as z } from '../protocol'

const text = () => z.optional(z.nullable(z.string()))
const timestamp = () => z.number().check(z.nonnegative())

export const APPROVAL_EVENTS = {
  execRequested: 'exec.approval.requested',
  execResolved: 'exec.approval.resolved',
  pluginRequested: 'plugin.approval.requested',
  pluginResolved: 'plugin.approval.resolved',
  questionRequested: 'question.requested',
  questionResolved: 'question.resolved',
} as const

/** What an exec request carries for the reviewer (the gateway's `record.request`, display-sanitized by it). */
export const ExecApprovalDetails = z.looseObject({
  command: z.string().check(z.minLength(1)),
  cwd: text(),
  host: text(),
  nodeId: text(),
  agentId: text(),
  sessionKey: text(),
  warningText: text(),
  allowedDecisions: z.optional(z.array(z.unknown())),
  unavailableDecisions: z.optional(z.array(z.unknown())),
})

/** What a plugin request carries: its own title and text, and the decisions it allows. */
export const PluginApprovalDetails = z.looseObject({
  title: z.string().check(z.minLength(1)),
  description: z.optional(z.string()),
  detail: text(),
  severity: text(),
  pluginId: text(),
  toolName: text(),
  agentId: text(),
  sessionKey: text(),
  allowedDecisions: z.optional(z.nullable(z.array(z.unknown()))),
})

/** `*.approval.requested` and each entry of `*.approval.list`: `{ id, request, createdAtMs, expiresAtMs }`. */
export const ApprovalRequested = z.looseObject({
  id: z.string().check(z.minLength(1)),
  request: z.unknown(),
  createdAtMs: z.optional(timestamp()),
  expiresAtMs: timestamp(),
})

/** `*.approval.resolved`: the first decision recorded, and who made it when the gateway knows. */
export const ApprovalResolved = z.looseObject({
  id: z.string().check(z.minLength(1)),
  decision: z.optional(z.nullable(z.string())),
  resolvedBy: text(),
  ts: z.optional(z.number()),
})

/** The gateway's durable approval record (`approval.get`, `approval.resolve`, `approval.history`). */
export const ApprovalSnapshot = z.looseObject({
  id: z.string().check(z.minLength(1)),
  status: z.string(),
  decision: z.optional(z.string()),
  reason: z.optional(z.string()),
  createdAtMs: z.optional(timestamp()),
  expiresAtMs: z.optional(timestamp()),
  resolvedAtMs: z.optional(timestamp()),
  resolver: z.optional(z.looseObject({ kind: z.optional(z.string()), id: z.optional(z.string()) })),
  source: z.optional(z.looseObject({ agentId: z.optional(z.string()), sessionKey: z.optional(z.string()) })),
  presentation: z.optional(z.looseObject({ kind: z.string() })),
})
export type ApprovalSnapshot = import('zod/mini').infer<typeof ApprovalSnapshot>

export const ApprovalGetResult = z.looseObject({ approval: ApprovalSnapshot })
/** `approval.resolve`: whether this call's decision was the first, and the record as it now stands. */
export const ApprovalResolveResult = z.looseObject({ applied: z.boolean(), approval: ApprovalSnapshot })
/** `approval.history`: entries parsed one by one. */
export const ApprovalHistoryResult = z.looseObject({ items: z._default(z.array(z.unknown()), []), nextCursor: z.optional(z.string()) })

/** `exec.approval.list` / `plugin.approval.list` answer with the list itself; an object holding it is read too. */
export const ApprovalListResult = z.union([z.array(z.unknown()), z.looseObject({ approvals: z._default(z.array(z.unknown()), []) })])

const QuestionOption = z.looseObject({ label: z.string().check(z.minLength(1)), description: z.optional(z.string()) })

export const QuestionItem = z.looseObject({
  questionId: z.string().check(z.minLength(1)),
  header: z.optional(z.string()),
  question: z.string().check(z.minLength(1)),
  options: z._default(z.array(z.unknown()), []),
  multiSelect: z.optional(z.boolean()),
  isSecret: z.optional(z.boolean()),
})
export { QuestionOption }

/** `question.requested`, `question.get`'s `question` and each entry of `question.list`. */
export const QuestionRecord = z.looseObject({
  id: z.string().check(z.minLength(1)),
  questions: z.array(z.unknown()),
  agentId: z.optional(z.string()),
  sessionKey: z.optional(z.string()),
  createdAtMs: z.optional(timestamp()),
  expiresAtMs: timestamp(),
  status: z._default(z.string(), 'pending'),
  answers: z.optional(z.looseObject({ answers: z.optional(z.unknown()) })),
  resolvedBy: z.optional(z.string()),
})

export const QuestionListResult = z.looseObject({ questions: z._default(z.array(z.unknown()), []) })

/** `question.resolved`: answered (with the answers), cancelled or expired. */
export const QuestionResolved = z.looseObject({
  id: z.string().check(z.minLength(1)),
  status: z.string(),
  answers: z.optional(z.looseObject({ answers: z.optional(z.unknown()) })),
})
