/**
 * Exec and plugin approvals and agent questions, per operator gateway: what the agent waits for,
 * restored on every connect, merged with the gateway's events (never twice), answered
 * first-answer-wins. Only the state and thin actions are here, in the entry; the working parts
 * (approvalsImpl.ts, with the schemas) are a chunk loaded when an operator link attaches.
 */
import { APPROVAL_SCOPES, APPROVALS_CAP, type EventFrame, type GatewayClient } from '../gateway'
import type { AgentQuestion, ApprovalDecision, ApprovalHistoryEntry, ApprovalRequest } from '../gateway/approvals'
import type { FeatureCreator } from './feature'
import { lazyChunk } from './lazyChunk'

/**
 * pending: waiting for an answer; sending: this device's answer is on its way; checking: it failed
 * and the gateway's record is being read back (buttons stay off until it says "still pending").
 */
export type ApprovalStatus = 'pending' | 'sending' | 'checking' | 'answered' | 'answered-elsewhere' | 'expired' | 'cancelled'

export type ApprovalEntry = ApprovalRequest & {
  status: ApprovalStatus
  /** The decision recorded (answered here or elsewhere), or the one being sent. */
  decision?: ApprovalDecision | null
  resolvedBy?: string
  /** Why the last answer from this device did not go through. */
  error?: string
}

export type QuestionStatus = 'pending' | 'sending' | 'answered' | 'answered-elsewhere' | 'cancelled' | 'expired'
export type QuestionEntry = Omit<AgentQuestion, 'status'> & { status: QuestionStatus; error?: string }

/** ready: approvals reach this device; missing-scope: the pairing lacks operator.approvals (upgrade below). */
export type ApprovalAccess = 'ready' | 'missing-scope' | 'unsupported'

export type ScopeUpgrade = { state: 'requesting' | 'waiting' | 'failed'; requestId?: string; message?: string }

/** The last 30 days of decisions (`approval.history`), read when the inbox opens. */
export type ApprovalHistory = { state: 'loading' | 'ready' | 'failed'; entries: ApprovalHistoryEntry[]; error?: string }

export type ApprovalsView = { access?: ApprovalAccess; entries: ApprovalEntry[]; questions: QuestionEntry[]; upgrade?: ScopeUpgrade; history?: ApprovalHistory }

export type ApprovalsSlice = {
  approvals: Record<string, ApprovalsView>
  /** Sends `decision` (only one the request offers); the card shows what the gateway recorded. */
  resolveApproval(gatewayId: string, approvalId: string, decision: ApprovalDecision): Promise<void>
  /** Answers a question (answers by questionId) or skips it (null). */
  answerQuestion(gatewayId: string, questionId: string, answers: Record<string, string[]> | null): Promise<void>
  /** Asks the gateway to widen this device's operator scopes by the approval scopes; waits for the approval. */
  requestApprovalsAccess(gatewayId: string): Promise<void>
  /** Reads the gateway's decisions of the last 30 days into `history` (newest first). */
  loadApprovalHistory(gatewayId: string): Promise<void>
}

export type ApprovalsImpl = Omit<ApprovalsSlice, 'approvals'> & {
  /** Takes an operator link over, `early` (events that came while the chunk loaded) first; returns its detach. */
  attach(gatewayId: string, client: GatewayClient, early: EventFrame[]): () => void
  forget(gatewayId: string): void
}

const isApprovalEvent = (name: string) => name.includes('.approval.') || name.startsWith('question.')

export const createApprovalsFeature: FeatureCreator<ApprovalsSlice> = (_deps, { api }) => {
  const impl = lazyChunk(() =>
    Promise.all([import('./approvalsImpl'), import('./vaultStorage')]).then(([module, vaults]) => module.createApprovalsImpl(api, vaults.createGatewayVault)),
  )
  const links = new Map<string, { detach: () => void }>()
  /** An action that runs in the chunk, loading it first. */
  const later =
    <K extends 'resolveApproval' | 'answerQuestion' | 'requestApprovalsAccess' | 'loadApprovalHistory'>(name: K) =>
    async (...args: Parameters<ApprovalsImpl[K]>): Promise<void> =>
      // biome-ignore lint/suspicious/noExplicitAny: the four actions' argument lists differ; K ties each name to its own.
      (await impl.load())[name](...(args as [any, any, any]))

  function detach(gatewayId: string): void {
    links.get(gatewayId)?.detach()
    links.delete(gatewayId)
  }

  function attach(gatewayId: string, client: GatewayClient): void {
    detach(gatewayId)
    // Events that arrive while the chunk loads are kept and handed over, so none is lost.
    const early: EventFrame[] = []
    const link = { detach: client.onEvent((event) => void (isApprovalEvent(event.event) && early.push(event))) }
    links.set(gatewayId, link)
    void impl.load().then(
      (loaded) => {
        if (links.get(gatewayId) !== link) return // detached or replaced meanwhile
        link.detach()
        link.detach = loaded.attach(gatewayId, client, early)
      },
      // Approvals are an addition: chat works without them; the next attach (reconnect) tries again.
      () => undefined,
    )
  }

  return {
    name: 'approvals',
    connectExtras: (role) => (role === 'operator' ? { scopes: [...APPROVAL_SCOPES], caps: [APPROVALS_CAP] } : undefined),
    attach(gatewayId, client, role) {
      if (role === 'operator') attach(gatewayId, client)
    },
    detach(gatewayId, role) {
      if (role === 'operator') detach(gatewayId)
    },
    async forget(gatewayId) {
      detach(gatewayId)
      impl.loaded()?.forget(gatewayId)
      const { [gatewayId]: _forgotten, ...approvals } = api.getState().approvals
      api.setState({ approvals })
    },
    slice: {
      approvals: {},
      resolveApproval: later('resolveApproval'),
      answerQuestion: later('answerQuestion'),
      requestApprovalsAccess: later('requestApprovalsAccess'),
      loadApprovalHistory: later('loadApprovalHistory'),
    },
  }
}
