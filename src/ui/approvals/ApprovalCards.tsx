import { useEffect, useMemo, useRef, useState } from 'react'
import { defineMessages, translate } from '../../i18n'
import type { ApprovalEntry, ApprovalsView, QuestionEntry } from '../../store'
import { ApproveCommand } from '../ApproveCommand'
import { useNow } from '../useNow'
import { actions, useApp } from '../useApp'
import { useText } from '../useText'
import { ApprovalCard, outcomeText } from './ApprovalCard'
import { belongsTo } from './inbox'
import { QuestionCard } from './QuestionCard'
import './approvals.css'

const TEXT = defineMessages('approvals.dock', {
  region: 'Requests from the agent',
  announceNew: 'The agent asks to run: {subject}',
  announcePlugin: 'The agent asks: {subject}',
  announceQuestion: 'The agent asks you: {question}',
  missingScope: 'Approvals are off on this device: it was paired without the permission to answer them (operator.approvals).',
  askAccess: 'Ask for approval access',
  waiting: 'Approve the upgrade on the gateway host; chat keeps working meanwhile:',
  failed: 'The upgrade did not go through: {message}',
  retry: 'Ask again',
})

const EMPTY: ApprovalEntry[] = []
const NO_QUESTIONS: QuestionEntry[] = []

/**
 * The agent's open requests for the chat's session, docked above the composer (loaded lazily: most
 * chats never have one). A new request is announced politely; nothing takes focus on its own.
 */
export function ApprovalCards({ gatewayId, sessionKey }: { gatewayId: string; sessionKey: string | null }) {
  const view: ApprovalsView | undefined = useApp((s) => s.approvals[gatewayId])
  const entries = view?.entries ?? EMPTY
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(() => new Set())
  const shown = useMemo(() => entries.filter((entry) => belongsTo(entry, sessionKey) && !dismissed.has(entry.id)), [entries, sessionKey, dismissed])
  const allQuestions = view?.questions ?? NO_QUESTIONS
  const questions = useMemo(() => allQuestions.filter((question) => belongsTo(question, sessionKey)), [allQuestions, sessionKey])
  const now = useNow()
  const announcement = useAnnouncement(shown, questions)
  const t = useText(TEXT)

  return (
    <section className="approval-dock" aria-label={t('region')}>
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
      {view?.access === 'missing-scope' && <AccessNotice gatewayId={gatewayId} view={view} />}
      {shown.map((entry) => (
        <ApprovalCard
          key={entry.id}
          entry={entry}
          now={now}
          onDecide={(decision) => void actions().resolveApproval(gatewayId, entry.id, decision)}
          onDismiss={() => setDismissed((current) => new Set(current).add(entry.id))}
        />
      ))}
      {questions.map((question) => (
        <QuestionCard key={question.id} entry={question} now={now} onAnswer={(answers) => void actions().answerQuestion(gatewayId, question.id, answers)} />
      ))}
    </section>
  )
}

/** What the status region says: a request that arrived, or how one ended (never the countdown). */
function useAnnouncement(entries: ApprovalEntry[], questions: QuestionEntry[]): string {
  const [announcement, setAnnouncement] = useState('')
  const seen = useRef(new Map<string, string>())
  useEffect(() => {
    for (const question of questions) {
      if (seen.current.has(question.id)) continue
      seen.current.set(question.id, question.status)
      if (question.status === 'pending') setAnnouncement(translate(TEXT, 'announceQuestion', { question: question.questions[0]?.question ?? '' }))
    }
  }, [questions])
  useEffect(() => {
    for (const entry of entries) {
      const previous = seen.current.get(entry.id)
      if (previous === entry.status) continue
      seen.current.set(entry.id, entry.status)
      if (previous === undefined && entry.status === 'pending') {
        setAnnouncement(translate(TEXT, entry.kind === 'exec' ? 'announceNew' : 'announcePlugin', { subject: entry.subject }))
      } else if (previous !== undefined && entry.status !== 'sending') {
        setAnnouncement(outcomeText(entry))
      }
    }
  }, [entries])
  return announcement
}

function AccessNotice({ gatewayId, view }: { gatewayId: string; view: ApprovalsView }) {
  const upgrade = view.upgrade
  const t = useText(TEXT)
  return (
    <div className="approval-card is-closed">
      <p>{t('missingScope')}</p>
      {upgrade?.state === 'waiting' && upgrade.requestId ? (
        <>
          <p>{t('waiting')}</p>
          <ApproveCommand requestId={upgrade.requestId} />
        </>
      ) : (
        <>
          {upgrade?.state === 'failed' && <p className="warning">{t('failed', { message: upgrade.message ?? '' })}</p>}
          <div className="row">
            <button
              type="button"
              aria-disabled={upgrade?.state === 'requesting'}
              onClick={() => upgrade?.state !== 'requesting' && void actions().requestApprovalsAccess(gatewayId)}
            >
              {upgrade?.state === 'failed' ? t('retry') : t('askAccess')}
            </button>
          </div>
        </>
      )}
    </div>
  )
}
