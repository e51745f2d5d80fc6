import { useLayoutEffect, useRef } from 'react'
import { defineMessages, translate } from '../../i18n'
import type { ApprovalDecision, ApprovalEntry } from '../../store'
import { formatRemaining } from '../useNow'
import { useText } from '../useText'

const TEXT = defineMessages('approvals.card', {
  execTitle: 'Run this command?',
  cwd: 'Working directory',
  host: 'Host',
  agent: 'Agent',
  closesIn: 'Open for {remaining}',
  allowOnce: 'Allow once',
  allowAlways: 'Always allow',
  deny: 'Deny',
  /** A button's accessible name: the action and what it applies to. */
  decisionName: '{action}: {subject}',
  sending: 'Sending your answer…',
  checking: 'Checking what the gateway recorded…',
  failed: 'Your answer did not go through ({error}). You can answer again.',
  answeredAllowOnce: 'You allowed this once.',
  answeredAllowAlways: 'You allowed this always.',
  answeredDeny: 'You denied this.',
  answeredElsewhere: 'Answered elsewhere: {outcome}.',
  answeredElsewhereBy: 'Answered elsewhere by {by}: {outcome}.',
  outcomeAllowOnce: 'allowed once',
  outcomeAllowAlways: 'always allowed',
  outcomeDeny: 'denied',
  unknownOutcome: 'no longer pending',
  expired: 'Expired without an answer: nothing ran.',
  cancelled: 'Cancelled: the run that asked has ended.',
  dismiss: 'Dismiss',
  dismissName: 'Dismiss: {subject}',
})

const DECISION_KEYS = { 'allow-once': 'allowOnce', 'allow-always': 'allowAlways', deny: 'deny' } as const
const ANSWERED_KEYS = { 'allow-once': 'answeredAllowOnce', 'allow-always': 'answeredAllowAlways', deny: 'answeredDeny' } as const
const OUTCOME_KEYS = { 'allow-once': 'outcomeAllowOnce', 'allow-always': 'outcomeAllowAlways', deny: 'outcomeDeny' } as const

const NAME_CHARS = 80
const shortened = (text: string) => (text.length > NAME_CHARS ? `${text.slice(0, NAME_CHARS - 1)}…` : text)

export function outcomeText(entry: ApprovalEntry): string {
  const t = (key: keyof typeof TEXT.en, values?: Record<string, string>) => translate(TEXT, key, values)
  const outcome = entry.decision ? t(OUTCOME_KEYS[entry.decision]) : t('unknownOutcome')
  switch (entry.status) {
    case 'answered':
      return entry.decision ? t(ANSWERED_KEYS[entry.decision]) : t('unknownOutcome')
    case 'answered-elsewhere':
      return entry.resolvedBy ? t('answeredElsewhereBy', { by: entry.resolvedBy, outcome }) : t('answeredElsewhere', { outcome })
    case 'expired':
      return t('expired')
    case 'cancelled':
      return t('cancelled')
    case 'sending':
      return t('sending')
    case 'checking':
      return t('checking')
    default:
      return entry.error ? t('failed', { error: entry.error }) : ''
  }
}

type Props = {
  entry: ApprovalEntry
  now: number
  onDecide(decision: ApprovalDecision): void
  onDismiss(): void
}

/** One exec or plugin approval: what is asked, for how long, and the decisions the gateway offers. */
export function ApprovalCard({ entry, now, onDecide, onDismiss }: Props) {
  const titleId = `approval-${entry.id}`
  const remaining = entry.expiresAtMs - now
  const isOpen = entry.status === 'pending' || entry.status === 'sending' || entry.status === 'checking'
  const isExpiredHere = entry.status === 'pending' && remaining <= 0
  const canAnswer = entry.status === 'pending' && !isExpiredHere
  const statusRef = useRef<HTMLParagraphElement>(null)
  const focusWithin = useRef(false)
  const subjectName = shortened(entry.subject)
  const t = useText(TEXT)

  // When the buttons give way to the outcome while one of them had focus, focus moves to the
  // outcome instead of falling to the page: it never jumps anywhere the user was not.
  useLayoutEffect(() => {
    if (!isOpen && focusWithin.current && document.activeElement === document.body) statusRef.current?.focus()
  }, [isOpen])

  const text = isExpiredHere ? t('expired') : outcomeText(entry)
  return (
    <article
      className={`approval-card${isOpen && !isExpiredHere ? '' : ' is-closed'}`}
      // The inbox moves focus here when the user opens this request from it.
      data-request-id={entry.id}
      tabIndex={-1}
      aria-labelledby={titleId}
      onFocus={() => (focusWithin.current = true)}
      onBlur={(event) => (focusWithin.current = event.currentTarget.contains(event.relatedTarget as Node | null))}
    >
      <h3 id={titleId}>{entry.kind === 'exec' ? t('execTitle') : entry.subject}</h3>
      {entry.kind === 'exec' ? (
        <pre className="approval-command" translate="no">
          <code>{entry.subject}</code>
        </pre>
      ) : (
        entry.description && <p>{entry.description}</p>
      )}
      {entry.detail && <p className="approval-detail">{entry.detail}</p>}
      <dl className="facts">
        {entry.cwd && (
          <>
            <dt>{t('cwd')}</dt>
            <dd>
              <code translate="no">{entry.cwd}</code>
            </dd>
          </>
        )}
        {entry.host && (
          <>
            <dt>{t('host')}</dt>
            <dd>{entry.host}</dd>
          </>
        )}
        {entry.agentId && (
          <>
            <dt>{t('agent')}</dt>
            <dd>{entry.agentId}</dd>
          </>
        )}
      </dl>
      {isOpen && !isExpiredHere && <p className="muted">{t('closesIn', { remaining: formatRemaining(remaining) })}</p>}
      {isOpen && !isExpiredHere && (
        <div className="row approval-actions">
          {entry.decisions.map((decision) => (
            <button
              key={decision}
              type="button"
              className={decision === 'deny' ? undefined : 'primary'}
              aria-label={t('decisionName', { action: t(DECISION_KEYS[decision]), subject: subjectName })}
              // aria-disabled, not disabled: the button keeps focus while the answer is on its way.
              aria-disabled={!canAnswer}
              onClick={() => canAnswer && onDecide(decision)}
            >
              {t(DECISION_KEYS[decision])}
            </button>
          ))}
        </div>
      )}
      <p ref={statusRef} tabIndex={-1} className={entry.error && entry.status === 'pending' ? 'warning' : 'approval-outcome'}>
        {text}
      </p>
      {!isOpen && (
        <div className="row">
          <button type="button" aria-label={t('dismissName', { subject: subjectName })} onClick={onDismiss}>
            {t('dismiss')}
          </button>
        </div>
      )}
    </article>
  )
}
