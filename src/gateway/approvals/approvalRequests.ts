/**
 * Turns the gateway's approval and question payloads into what the app shows: one flat request
 * with display-safe text and only the decisions the gateway offers. Hostile input loses only what
 * is wrong with it: an unknown decision is dropped (never offered), control characters are shown
 * as escapes instead of steering the terminal-like command view, and huge text is cut for display.
 */
import {
  ApprovalRequested,
  ApprovalResolved,
  ApprovalSnapshot,
  ExecApprovalDetails,
  PluginApprovalDetails,
  QuestionItem,
  QuestionOption,
  QuestionRecord,
  QuestionResolved,
} from './approvalsProtocol'

export const APPROVAL_DECISIONS = ['allow-once', 'allow-always', 'deny'] as const
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number]
export type ApprovalKind = 'exec' | 'plugin'

/** Longest command or detail the card shows; the rest is cut with a mark (the gateway caps it too). */
export const MAX_DISPLAY_CHARS = 4_000
const MAX_LINE_CHARS = 300

export type ApprovalRequest = {
  id: string
  kind: ApprovalKind
  /** exec: the command; plugin: its title. */
  subject: string
  /** exec: working directory, host, warning; plugin: description, detail, severity. */
  cwd?: string
  host?: string
  detail?: string
  description?: string
  severity?: string
  agentId?: string
  sessionKey?: string
  /** Offered in this order; deny is always among them (the gateway always accepts it). */
  decisions: ApprovalDecision[]
  createdAtMs: number
  expiresAtMs: number
}

export type ApprovalOutcome = {
  id: string
  /** null: the gateway recorded no decision (expired, cancelled, or a decision this app does not know). */
  decision: ApprovalDecision | null
  status: 'pending' | 'allowed' | 'denied' | 'expired' | 'cancelled'
  resolvedBy?: string
}

// C0 and C1 controls except tab and newline, and the bidirectional overrides that reorder text.
const UNSAFE_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g

/** Text safe to show: controls as visible `\u{…}` escapes, at most `max` characters (a cut ends with "…"). */
export function displayText(value: string, max = MAX_DISPLAY_CHARS): string {
  const visible = value.replace(UNSAFE_CHARS, (char) => `\\u{${char.charCodeAt(0).toString(16).toUpperCase()}}`)
  return visible.length > max ? `${visible.slice(0, max - 1)}…` : visible
}

const line = (value: string | null | undefined, max = MAX_LINE_CHARS) => {
  const shown = value?.trim() ? displayText(value.replace(/[\r\n\t]+/g, ' ').trim(), max) : undefined
  return shown
}

const isDecision = (value: unknown): value is ApprovalDecision => APPROVAL_DECISIONS.includes(value as ApprovalDecision)

/** The listed decisions this app knows, in its order, deny always included; unlisted means all three. */
export function offeredDecisions(listed: readonly unknown[] | null | undefined, unavailable: readonly unknown[] = []): ApprovalDecision[] {
  const known = listed ? listed.filter(isDecision) : [...APPROVAL_DECISIONS]
  return APPROVAL_DECISIONS.filter((decision) => decision === 'deny' || (known.includes(decision) && !unavailable.includes(decision)))
}

/** One `*.approval.requested` event or list entry as the app shows it; null when it cannot be shown at all. */
export function parseApprovalRequest(kind: ApprovalKind, raw: unknown): ApprovalRequest | null {
  const envelope = ApprovalRequested.safeParse(raw)
  if (!envelope.success) return null
  const { id, request, expiresAtMs } = envelope.data
  const createdAtMs = envelope.data.createdAtMs ?? 0
  if (kind === 'exec') {
    const parsed = ExecApprovalDetails.safeParse(request)
    if (!parsed.success) return null
    const details = parsed.data
    return {
      id,
      kind,
      subject: displayText(details.command),
      cwd: line(details.cwd, MAX_DISPLAY_CHARS),
      host: line(details.host),
      detail: line(details.warningText, MAX_DISPLAY_CHARS),
      agentId: line(details.agentId),
      sessionKey: details.sessionKey ?? undefined,
      decisions: offeredDecisions(details.allowedDecisions, details.unavailableDecisions),
      createdAtMs,
      expiresAtMs,
    }
  }
  const parsed = PluginApprovalDetails.safeParse(request)
  if (!parsed.success) return null
  const details = parsed.data
  return {
    id,
    kind,
    subject: line(details.title) ?? displayText(details.title),
    description: line(details.description, MAX_DISPLAY_CHARS),
    detail: details.detail ? displayText(details.detail) : undefined,
    severity: line(details.severity),
    agentId: line(details.agentId),
    sessionKey: details.sessionKey ?? undefined,
    decisions: offeredDecisions(details.allowedDecisions),
    createdAtMs,
    expiresAtMs,
  }
}

/** `*.approval.resolved`: who decided what (a decision the app does not know reads as none). */
export function parseApprovalResolved(raw: unknown): ApprovalOutcome | null {
  const parsed = ApprovalResolved.safeParse(raw)
  if (!parsed.success) return null
  const { id, decision, resolvedBy } = parsed.data
  const known = isDecision(decision) ? decision : null
  return {
    id,
    decision: known,
    status: known === null ? 'expired' : known === 'deny' ? 'denied' : 'allowed',
    resolvedBy: line(resolvedBy),
  }
}

const SNAPSHOT_STATUSES = ['pending', 'allowed', 'denied', 'expired', 'cancelled'] as const

/** The gateway's canonical record (`approval.get`/`approval.resolve`) as an outcome; null when unreadable. */
export function parseApprovalSnapshot(raw: unknown): ApprovalOutcome | null {
  const parsed = ApprovalSnapshot.safeParse(raw)
  if (!parsed.success) return null
  const { id, status, decision, resolver } = parsed.data
  const known = SNAPSHOT_STATUSES.find((candidate) => candidate === status)
  if (!known) return null
  const resolvedBy = resolver?.kind === 'system' ? undefined : line(resolver?.id)
  return { id, status: known, decision: isDecision(decision) ? decision : null, ...(resolvedBy ? { resolvedBy } : {}) }
}

/** One decided approval of `approval.history`: what was asked, how it ended, when, and in which session. */
export type ApprovalHistoryEntry = ApprovalOutcome & {
  kind: ApprovalKind | 'system'
  subject: string
  sessionKey?: string
  createdAtMs: number
  resolvedAtMs: number
}

/** An `approval.history` item; null when it is unreadable or still pending (history holds terminal records only). */
export function parseApprovalHistoryItem(raw: unknown): ApprovalHistoryEntry | null {
  const outcome = parseApprovalSnapshot(raw)
  const parsed = ApprovalSnapshot.safeParse(raw)
  if (!outcome || outcome.status === 'pending' || !parsed.success) return null
  const { presentation, source, createdAtMs = 0, resolvedAtMs } = parsed.data
  const shown = presentation as { kind?: unknown; commandText?: unknown; title?: unknown } | undefined
  const kind = shown?.kind === 'exec' || shown?.kind === 'plugin' ? shown.kind : 'system'
  const text = kind === 'exec' ? shown?.commandText : shown?.title
  return {
    ...outcome,
    kind,
    subject: typeof text === 'string' ? displayText(text, MAX_LINE_CHARS) : '',
    ...(source?.sessionKey ? { sessionKey: source.sessionKey } : {}),
    createdAtMs,
    resolvedAtMs: resolvedAtMs ?? createdAtMs,
  }
}

export type QuestionPrompt = {
  questionId: string
  header?: string
  question: string
  options: { label: string; description?: string }[]
  multiSelect: boolean
  isSecret: boolean
}

export type AgentQuestion = {
  id: string
  sessionKey?: string
  agentId?: string
  questions: QuestionPrompt[]
  status: 'pending' | 'answered' | 'cancelled' | 'expired'
  /** By questionId; only when answered. */
  answers?: Record<string, string[]>
  createdAtMs: number
  expiresAtMs: number
}

const QUESTION_STATUSES = ['pending', 'answered', 'cancelled', 'expired'] as const
const MAX_OPTIONS = 8

function parseAnswers(raw: unknown): Record<string, string[]> | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined
  const entries = Object.entries(raw as Record<string, unknown>).filter(
    (entry): entry is [string, string[]] => Array.isArray(entry[1]) && entry[1].every((value) => typeof value === 'string'),
  )
  return Object.fromEntries(entries.map(([id, values]) => [id, values.map((value) => displayText(value))]))
}

function parsePrompt(raw: unknown): QuestionPrompt | null {
  const parsed = QuestionItem.safeParse(raw)
  if (!parsed.success) return null
  const { questionId, header, question, options, multiSelect, isSecret } = parsed.data
  const shownOptions = options.flatMap((option) => {
    const valid = QuestionOption.safeParse(option)
    return valid.success ? [{ label: displayText(valid.data.label, MAX_LINE_CHARS), description: line(valid.data.description) }] : []
  })
  return {
    questionId,
    header: line(header, 40),
    question: displayText(question),
    options: shownOptions.slice(0, MAX_OPTIONS),
    multiSelect: multiSelect ?? false,
    isSecret: isSecret ?? false,
  }
}

/** `question.requested` or a `question.list` entry; null when no question in it can be shown. */
export function parseAgentQuestion(raw: unknown): AgentQuestion | null {
  const parsed = QuestionRecord.safeParse(raw)
  if (!parsed.success) return null
  const record = parsed.data
  const questions = record.questions.flatMap((item) => parsePrompt(item) ?? [])
  const status = QUESTION_STATUSES.find((candidate) => candidate === record.status)
  if (!questions.length || !status) return null
  return {
    id: record.id,
    sessionKey: record.sessionKey,
    agentId: line(record.agentId),
    questions,
    status,
    answers: parseAnswers(record.answers?.answers),
    createdAtMs: record.createdAtMs ?? 0,
    expiresAtMs: record.expiresAtMs,
  }
}

/** `question.resolved`. */
export function parseQuestionResolved(raw: unknown): Pick<AgentQuestion, 'id' | 'status' | 'answers'> | null {
  const parsed = QuestionResolved.safeParse(raw)
  if (!parsed.success) return null
  const status = QUESTION_STATUSES.find((candidate) => candidate === parsed.data.status)
  if (!status || status === 'pending') return null
  return { id: parsed.data.id, status, answers: parseAnswers(parsed.data.answers?.answers) }
}
