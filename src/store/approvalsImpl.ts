/**
 * The approvals feature's working parts (approvalsSlice.ts keeps the state and thin actions): on
 * every connect it lists what is pending (exec and plugin approvals, questions) and merges it with
 * what it shows, events are merged by id (a request is never shown twice), and an answer is
 * first-answer-wins: the gateway's recorded outcome is what the card shows, and after a failed
 * answer the record is read back before the buttons come back.
 */
import type { StoreApi } from 'zustand/vanilla'
import { APPROVAL_SCOPES, gatewayAddress, holdsScope, type EventFrame, type GatewayClient, type GatewayVault } from '../gateway'
import {
  APPROVAL_EVENTS,
  ApprovalGetResult,
  ApprovalHistoryResult,
  ApprovalListResult,
  ApprovalResolveResult,
  parseAgentQuestion,
  parseApprovalHistoryItem,
  parseApprovalRequest,
  parseApprovalResolved,
  parseApprovalSnapshot,
  parseQuestionResolved,
  QuestionListResult,
  type ApprovalDecision,
  type ApprovalKind,
  type ApprovalOutcome,
} from '../gateway/approvals'
import type { ApprovalEntry, ApprovalsImpl, ApprovalsView, QuestionEntry } from './approvalsSlice'
import type { AppState } from './store'

/** Answered cards kept per gateway (the newest); pending ones are never dropped. */
const KEPT_ANSWERED = 50
/** How long `device.scopes.waitUpgrade` may wait for someone to approve (the gateway's pairing requests last 5 min). */
const UPGRADE_WAIT_MS = 10 * 60_000
const KINDS: readonly ApprovalKind[] = ['exec', 'plugin']
/** What the inbox shows of `approval.history` (the gateway keeps 30 days, newest first). */
const HISTORY_DAYS_MS = 30 * 86_400_000
const HISTORY_LIMIT = 50
const EMPTY: ApprovalsView = { entries: [], questions: [] }

const isOpen = (entry: { status: string }) => entry.status === 'pending' || entry.status === 'sending' || entry.status === 'checking'
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error))

export function createApprovalsImpl(store: StoreApi<AppState>, createGatewayVault: (gatewayId: string) => GatewayVault): ApprovalsImpl {
  const { getState: get, setState: set } = store
  const clients = new Map<string, GatewayClient>()

  const view = (gatewayId: string): ApprovalsView => get().approvals[gatewayId] ?? EMPTY
  function patch(gatewayId: string, change: (current: ApprovalsView) => Partial<ApprovalsView>): void {
    if (!clients.has(gatewayId)) return // forgotten or detached: nothing may write its state back
    const current = view(gatewayId)
    set({ approvals: { ...get().approvals, [gatewayId]: { ...current, ...change(current) } } })
  }
  function updateEntry(gatewayId: string, id: string, change: (entry: ApprovalEntry) => ApprovalEntry): void {
    patch(gatewayId, ({ entries }) => ({ entries: entries.map((entry) => (entry.id === id ? change(entry) : entry)) }))
  }
  function updateQuestion(gatewayId: string, id: string, change: (entry: QuestionEntry) => QuestionEntry): void {
    patch(gatewayId, ({ questions }) => ({ questions: questions.map((entry) => (entry.id === id ? change(entry) : entry)) }))
  }
  const connected = (gatewayId: string) => {
    const client = clients.get(gatewayId)
    return client?.status.phase === 'connected' ? client : undefined
  }
  const hasMethod = (client: GatewayClient, method: string) => client.helloOk?.features?.methods.includes(method) ?? false

  /** Pending first in arrival order, then the newest answered ones. */
  function trimmed(entries: ApprovalEntry[]): ApprovalEntry[] {
    const answered = entries.filter((entry) => !isOpen(entry))
    const drop = new Set(answered.slice(0, Math.max(0, answered.length - KEPT_ANSWERED)))
    return entries.filter((entry) => !drop.has(entry))
  }

  /** Applies what the gateway recorded; `answeredHere` when this device's call was the one applied. */
  function settle(gatewayId: string, outcome: ApprovalOutcome, answeredHere: boolean): void {
    updateEntry(gatewayId, outcome.id, (entry) => {
      if (outcome.status === 'pending') return { ...entry, status: 'pending' }
      const status = outcome.status === 'expired' ? 'expired' : outcome.status === 'cancelled' ? 'cancelled' : answeredHere ? 'answered' : 'answered-elsewhere'
      return { ...entry, status, decision: outcome.decision, resolvedBy: outcome.resolvedBy, error: undefined }
    })
  }

  function addRequest(gatewayId: string, kind: ApprovalKind, raw: unknown): void {
    const request = parseApprovalRequest(kind, raw)
    if (!request || view(gatewayId).entries.some((entry) => entry.id === request.id)) return
    patch(gatewayId, ({ entries }) => ({ entries: trimmed([...entries, { ...request, status: 'pending' }]) }))
  }

  function onResolved(gatewayId: string, raw: unknown): void {
    const outcome = parseApprovalResolved(raw)
    const entry = outcome && view(gatewayId).entries.find((candidate) => candidate.id === outcome.id)
    // While this device's own answer is in flight, its response says whose answer counted.
    if (!outcome || !entry || entry.status === 'sending' || !isOpen(entry)) return
    settle(gatewayId, outcome, false)
  }

  function addQuestion(gatewayId: string, raw: unknown): void {
    const question = parseAgentQuestion(raw)
    if (!question) return
    const known = view(gatewayId).questions.find((entry) => entry.id === question.id)
    if (known) {
      if (isOpen(known) && question.status !== 'pending') onQuestionResolved(gatewayId, question)
      return
    }
    patch(gatewayId, ({ questions }) => ({ questions: [...questions, question] }))
  }

  function onQuestionResolved(gatewayId: string, raw: unknown): void {
    const resolved = parseQuestionResolved(raw)
    if (!resolved) return
    updateQuestion(gatewayId, resolved.id, (entry) => {
      if (!isOpen(entry)) return entry
      const status = resolved.status === 'answered' ? (entry.status === 'sending' ? 'answered' : 'answered-elsewhere') : resolved.status
      return { ...entry, status, answers: resolved.answers ?? entry.answers, error: undefined }
    })
  }

  function onEvent(gatewayId: string, event: EventFrame): void {
    const { event: name, payload } = event
    if (name === APPROVAL_EVENTS.execRequested) addRequest(gatewayId, 'exec', payload)
    else if (name === APPROVAL_EVENTS.pluginRequested) addRequest(gatewayId, 'plugin', payload)
    else if (name === APPROVAL_EVENTS.execResolved || name === APPROVAL_EVENTS.pluginResolved) onResolved(gatewayId, payload)
    else if (name === APPROVAL_EVENTS.questionRequested) addQuestion(gatewayId, payload)
    else if (name === APPROVAL_EVENTS.questionResolved) onQuestionResolved(gatewayId, payload)
  }

  async function listKind(client: GatewayClient, kind: ApprovalKind) {
    const parsed = ApprovalListResult.safeParse(await client.request(`${kind}.approval.list`, {}))
    const raw = !parsed.success ? [] : Array.isArray(parsed.data) ? parsed.data : parsed.data.approvals
    return raw.flatMap((entry) => parseApprovalRequest(kind, entry) ?? [])
  }

  /** The gateway's record of one approval, or null when it cannot be read now. */
  async function readBack(client: GatewayClient, id: string): Promise<ApprovalOutcome | null> {
    if (!hasMethod(client, 'approval.get')) return null
    try {
      const parsed = ApprovalGetResult.safeParse(await client.request('approval.get', { id }))
      return parsed.success ? parseApprovalSnapshot(parsed.data.approval) : null
    } catch {
      return null
    }
  }

  /** On every connect: what is pending now replaces what was open (a card that ended meanwhile is read back). */
  async function refresh(gatewayId: string, client: GatewayClient): Promise<void> {
    const scopes = client.helloOk?.auth?.scopes
    if (!holdsScope(scopes, 'operator.approvals')) {
      patch(gatewayId, () => ({ access: 'missing-scope' }))
      return
    }
    if (!hasMethod(client, 'exec.approval.list')) {
      patch(gatewayId, () => ({ access: 'unsupported' }))
      return
    }
    patch(gatewayId, ({ upgrade }) => ({ access: 'ready', upgrade: upgrade?.state === 'waiting' ? undefined : upgrade }))
    try {
      const listed = (await Promise.all(KINDS.map((kind) => listKind(client, kind)))).flat()
      if (clients.get(gatewayId) !== client) return
      const listedIds = new Set(listed.map((request) => request.id))
      const gone = view(gatewayId).entries.filter((entry) => isOpen(entry) && !listedIds.has(entry.id))
      patch(gatewayId, ({ entries }) => {
        const known = new Map(entries.map((entry) => [entry.id, entry]))
        const merged = entries.map((entry): ApprovalEntry => (listedIds.has(entry.id) && entry.status === 'checking' ? { ...entry, status: 'pending' } : entry))
        const added = listed.filter((request) => !known.has(request.id)).map((request): ApprovalEntry => ({ ...request, status: 'pending' }))
        return { entries: trimmed([...merged, ...added].sort((a, b) => a.createdAtMs - b.createdAtMs)) }
      })
      for (const entry of gone) {
        const outcome = await readBack(client, entry.id)
        settle(gatewayId, outcome ?? { id: entry.id, status: Date.now() >= entry.expiresAtMs ? 'expired' : 'allowed', decision: null }, false)
      }
    } catch {
      // Listing is retried on the next connect; events keep arriving meanwhile.
    }
    if (holdsScope(scopes, 'operator.questions') && hasMethod(client, 'question.list')) await refreshQuestions(gatewayId, client)
  }

  async function refreshQuestions(gatewayId: string, client: GatewayClient): Promise<void> {
    try {
      const parsed = QuestionListResult.safeParse(await client.request('question.list', {}))
      if (!parsed.success || clients.get(gatewayId) !== client) return
      const listed = parsed.data.questions.flatMap((raw) => parseAgentQuestion(raw) ?? [])
      const listedIds = new Set(listed.map((question) => question.id))
      patch(gatewayId, ({ questions }) => {
        const kept = questions.map((entry): QuestionEntry => (isOpen(entry) && !listedIds.has(entry.id) ? { ...entry, status: 'answered-elsewhere' } : entry))
        const known = new Set(questions.map((entry) => entry.id))
        return { questions: [...kept, ...listed.filter((question) => !known.has(question.id))] }
      })
    } catch {
      // Retried on the next connect.
    }
  }

  async function resolveApproval(gatewayId: string, approvalId: string, decision: ApprovalDecision): Promise<void> {
    const client = connected(gatewayId)
    const entry = view(gatewayId).entries.find((candidate) => candidate.id === approvalId)
    // Only a decision the request offers, and only once: a second tap while sending does nothing.
    if (!client || !entry || entry.status !== 'pending' || !entry.decisions.includes(decision)) return
    updateEntry(gatewayId, approvalId, (current) => ({ ...current, status: 'sending', decision, error: undefined }))
    try {
      if (hasMethod(client, 'approval.resolve')) {
        const result = ApprovalResolveResult.parse(await client.request('approval.resolve', { id: approvalId, kind: entry.kind, decision }))
        const outcome = parseApprovalSnapshot(result.approval)
        if (!outcome) throw new Error('the gateway answered with a record this app cannot read')
        settle(gatewayId, outcome, result.applied)
      } else {
        await client.request(`${entry.kind}.approval.resolve`, { id: approvalId, decision })
        settle(gatewayId, { id: approvalId, decision, status: decision === 'deny' ? 'denied' : 'allowed' }, true)
      }
    } catch (error) {
      updateEntry(gatewayId, approvalId, (current) => ({ ...current, status: 'checking', error: errorText(error) }))
      const outcome = await readBack(client, approvalId)
      // Unreadable now: the card stays "checking" and the next connect's list settles it.
      if (outcome) settle(gatewayId, outcome, false)
    }
  }

  async function answerQuestion(gatewayId: string, questionId: string, answers: Record<string, string[]> | null): Promise<void> {
    const client = connected(gatewayId)
    const entry = view(gatewayId).questions.find((candidate) => candidate.id === questionId)
    if (!client || !entry || entry.status !== 'pending') return
    updateQuestion(gatewayId, questionId, (current) => ({ ...current, status: 'sending', error: undefined }))
    try {
      await client.request('question.resolve', answers ? { id: questionId, answers: { answers } } : { id: questionId, cancel: true })
      updateQuestion(gatewayId, questionId, (current) =>
        current.status === 'sending' ? { ...current, status: answers ? 'answered' : 'cancelled', answers: answers ?? undefined } : current,
      )
    } catch (error) {
      updateQuestion(gatewayId, questionId, (current) => (current.status === 'sending' ? { ...current, status: 'pending', error: errorText(error) } : current))
    }
  }

  async function requestApprovalsAccess(gatewayId: string): Promise<void> {
    const client = connected(gatewayId)
    if (!client || view(gatewayId).upgrade?.state === 'waiting') return
    const current = client.helloOk?.auth?.scopes ?? []
    patch(gatewayId, () => ({ upgrade: { state: 'requesting' } }))
    try {
      const asked = (await client.request('device.scopes.requestUpgrade', { scopes: [...new Set([...current, ...APPROVAL_SCOPES])] })) as {
        requestId?: unknown
      }
      const requestId = typeof asked?.requestId === 'string' ? asked.requestId : undefined
      if (!requestId) throw new Error('the gateway did not say which pairing request to approve')
      patch(gatewayId, () => ({ upgrade: { state: 'waiting', requestId } }))
      const result = (await client.request('device.scopes.waitUpgrade', { requestId }, { timeoutMs: UPGRADE_WAIT_MS })) as Record<string, unknown>
      if (result?.status !== 'approved' || typeof result.deviceToken !== 'string' || !Array.isArray(result.scopes)) {
        throw new Error(`the upgrade was ${typeof result?.status === 'string' ? result.status : 'not approved'}`)
      }
      const scopes = result.scopes.filter((scope): scope is string => typeof scope === 'string')
      // Bound to the address of the socket that issued it, as the client binds every token it saves: an unbound
      // token is sent nowhere, so the upgrade would leave this device with no operator token at all.
      const address = gatewayAddress(client.url)
      await createGatewayVault(gatewayId).saveDeviceToken('operator', { token: result.deviceToken, scopes, savedAtMs: Date.now(), address })
      patch(gatewayId, () => ({ upgrade: undefined }))
      // Reconnect with the new token: its scopes now include the approval ones.
      client.retryNow()
    } catch (error) {
      patch(gatewayId, ({ upgrade }) => ({ upgrade: { state: 'failed', requestId: upgrade?.requestId, message: errorText(error) } }))
    }
  }

  async function loadApprovalHistory(gatewayId: string): Promise<void> {
    const client = connected(gatewayId)
    if (!client || !hasMethod(client, 'approval.history') || !holdsScope(client.helloOk?.auth?.scopes, 'operator.approvals')) return
    patch(gatewayId, ({ history }) => ({ history: { state: 'loading', entries: history?.entries ?? [] } }))
    try {
      const parsed = ApprovalHistoryResult.parse(await client.request('approval.history', { limit: HISTORY_LIMIT }))
      const since = Date.now() - HISTORY_DAYS_MS
      // Each item on its own: one unreadable record does not hide the others.
      const entries = parsed.items.flatMap((raw) => parseApprovalHistoryItem(raw) ?? []).filter((entry) => entry.resolvedAtMs >= since)
      patch(gatewayId, () => ({ history: { state: 'ready', entries: entries.sort((a, b) => b.resolvedAtMs - a.resolvedAtMs) } }))
    } catch (error) {
      patch(gatewayId, ({ history }) => ({ history: { state: 'failed', entries: history?.entries ?? [], error: errorText(error) } }))
    }
  }

  return {
    resolveApproval,
    answerQuestion,
    requestApprovalsAccess,
    loadApprovalHistory,
    attach(gatewayId, client, early) {
      clients.set(gatewayId, client)
      if (!get().approvals[gatewayId]) set({ approvals: { ...get().approvals, [gatewayId]: EMPTY } })
      const offEvents = client.onEvent((event) => onEvent(gatewayId, event))
      const offStatus = client.onStatus((status) => void (status.phase === 'connected' && refresh(gatewayId, client)))
      for (const event of early) onEvent(gatewayId, event)
      if (client.status.phase === 'connected') void refresh(gatewayId, client)
      return () => {
        offEvents()
        offStatus()
        if (clients.get(gatewayId) === client) clients.delete(gatewayId)
      }
    },
    forget(gatewayId) {
      clients.delete(gatewayId)
    },
  }
}
