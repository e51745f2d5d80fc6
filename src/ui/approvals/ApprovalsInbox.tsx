import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { defineMessages, formatRelative, translate } from '../../i18n'
import type { ApprovalDecision, AppState, GatewayRecord } from '../../store'
import { formatRemaining, useNow } from '../useNow'
import { actions, useApp } from '../useApp'
import { useText } from '../useText'
import { openRequest } from './openRequest'
import { belongsTo, inboxDecisions, inboxItems, type InboxDecision, type InboxItem, waitingCount } from './inbox'
import './approvals.css'

const TEXT = defineMessages('approvals.inbox', {
  button: 'Requests',
  buttonName: '{count, plural, =0 {Requests: none waiting} one {Requests: # waiting} other {Requests: # waiting}}',
  title: 'Requests from your agents',
  nothing: 'Nothing is waiting for your answer.',
  run: 'Run: {subject}',
  asks: 'Asks: {subject}',
  question: 'Question: {subject}',
  openName: 'Open in {gateway}: {subject}',
  where: '{gateway} · {session}',
  waitingFor: 'asked {when} · open for {remaining}',
  recent: 'Last 30 days',
  noHistory: 'No decisions in the last 30 days.',
  historyLoading: 'Loading the decisions…',
  historyFailed: '{gateway}: the decisions could not be read ({error}).',
  decided: '{outcome} · {gateway} · {when}',
  decidedBy: '{outcome} by {by} · {gateway} · {when}',
  allowOnce: 'Allowed once',
  allowAlways: 'Always allowed',
  deny: 'Denied',
  expired: 'Expired',
  cancelled: 'Cancelled',
  close: 'Close',
  announce: '{gateway}: the agent asks to run {subject}',
  announceOther: '{gateway}: the agent asks: {subject}',
  gatewayCount: '{count, plural, one {# request waiting} other {# requests waiting}}',
})

const OUTCOMES: Record<ApprovalDecision, 'allowOnce' | 'allowAlways' | 'deny'> = { 'allow-once': 'allowOnce', 'allow-always': 'allowAlways', deny: 'deny' }
const NAME_CHARS = 80
const shortened = (text: string) => (text.length > NAME_CHARS ? `${text.slice(0, NAME_CHARS - 1)}…` : text)
const subjectOf = (item: InboxItem) => (item.kind === 'approval' ? item.entry.subject : (item.entry.questions[0]?.question ?? ''))
const gatewaysOf = (state: AppState) => state.gateways
const EMPTY_SESSIONS: never[] = []

function decisionText(decision: InboxDecision): string {
  const outcome = decision.status === 'expired' ? 'expired' : decision.status === 'cancelled' || !decision.decision ? 'cancelled' : OUTCOMES[decision.decision]
  return translate(TEXT, outcome)
}

/**
 * The header's Requests button with the count of every saved gateway's waiting requests (or, with
 * `countOf`, one gateway's count for its row in the list), the inbox it opens (oldest first, each opening its chat; the last 30 days of decisions below), and a
 * polite announcement of a new request the open chat does not show itself.
 */
export function ApprovalsInbox({ countOf }: { countOf?: string }) {
  return countOf ? <GatewayWaitingCount gatewayId={countOf} /> : <Inbox />
}

function Inbox() {
  const t = useText(TEXT)
  const now = useNow()
  const approvals = useApp((s) => s.approvals)
  const gateways = useApp(gatewaysOf)
  const ids = useMemo(() => gateways.map((gateway) => gateway.id), [gateways])
  const items = useMemo(() => inboxItems(approvals, ids, now), [approvals, ids, now])
  const [isOpen, setOpen] = useState(false)
  const button = useRef<HTMLButtonElement>(null)
  const heading = useRef<HTMLHeadingElement>(null)
  const panelId = useId()
  const announcement = useInboxAnnouncement(items, gateways)

  // Opening the inbox moves focus into it (the user asked); closing returns it to the button.
  useEffect(() => {
    if (isOpen) heading.current?.focus()
  }, [isOpen])

  // A gateway whose approvals become ready while the inbox is open (right after a reload) is read then.
  useEffect(() => {
    if (!isOpen) return
    for (const id of ids) if (approvals[id]?.access === 'ready' && !approvals[id]?.history) void actions().loadApprovalHistory(id)
  }, [isOpen, ids, approvals])

  const toggle = () => {
    // The decisions are read each time the inbox opens, not on every change of the requests.
    if (!isOpen) for (const id of ids) if (approvals[id]?.access === 'ready') void actions().loadApprovalHistory(id)
    setOpen(!isOpen)
  }

  const close = () => {
    setOpen(false)
    button.current?.focus()
  }
  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return
    event.stopPropagation()
    close()
  }
  return (
    <>
      <button
        ref={button}
        type="button"
        className="inbox-toggle"
        aria-expanded={isOpen}
        aria-controls={panelId}
        aria-label={t('buttonName', { count: items.length })}
        onClick={toggle}
      >
        {t('button')}
        {items.length > 0 && (
          <span className="count-badge" aria-hidden="true">
            {items.length}
          </span>
        )}
      </button>
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
      {isOpen && (
        // Escape anywhere in the inbox closes it and returns focus to the button.
        <section id={panelId} className="inbox" aria-labelledby={`${panelId}-title`} onKeyDown={closeOnEscape}>
          <h2 id={`${panelId}-title`} ref={heading} tabIndex={-1}>
            {t('title')}
          </h2>
          {items.length === 0 ? (
            <p className="muted">{t('nothing')}</p>
          ) : (
            <ol className="inbox-list">
              {items.map((item) => (
                <InboxRow
                  key={`${item.gatewayId}/${item.id}`}
                  item={item}
                  now={now}
                  gateway={gateways.find((gateway) => gateway.id === item.gatewayId)}
                  onOpen={() => {
                    setOpen(false)
                    openRequest(item.gatewayId, item.sessionKey, item.id, button.current)
                  }}
                />
              ))}
            </ol>
          )}
          <History ids={ids} gateways={gateways} />
          <div className="row">
            <button type="button" onClick={close}>
              {t('close')}
            </button>
          </div>
        </section>
      )}
    </>
  )
}

function InboxRow({ item, now, gateway, onOpen }: { item: InboxItem; now: number; gateway?: GatewayRecord; onOpen(): void }) {
  const t = useText(TEXT)
  const sessions = useApp((s) => s.sessions[item.gatewayId] ?? EMPTY_SESSIONS)
  const subject = subjectOf(item)
  const label = gateway?.label ?? ''
  const session = sessions.find((row) => (item.sessionKey ? row.key === item.sessionKey : row.isMain))?.title
  const what = item.kind === 'question' ? 'question' : item.entry.kind === 'exec' ? 'run' : 'asks'
  return (
    <li>
      <button type="button" className="inbox-item" aria-label={t('openName', { gateway: label, subject: shortened(subject) })} onClick={onOpen}>
        <span className="inbox-subject">{t.rich(what, { subject: <code translate="no">{subject}</code> })}</span>
        <span className="muted">{session ? t('where', { gateway: label, session }) : label}</span>
        <span className="muted">
          {t('waitingFor', { when: formatRelative(item.createdAtMs, now), remaining: formatRemaining(item.entry.expiresAtMs - now) })}
        </span>
      </button>
    </li>
  )
}

function History({ ids, gateways }: { ids: string[]; gateways: GatewayRecord[] }) {
  const t = useText(TEXT)
  const approvals = useApp((s) => s.approvals)
  const decisions = useMemo(() => inboxDecisions(approvals, ids), [approvals, ids])
  const labelOf = (gatewayId: string) => gateways.find((gateway) => gateway.id === gatewayId)?.label ?? ''
  const isLoading = ids.some((id) => approvals[id]?.history?.state === 'loading')
  const failures = ids.flatMap((id) => {
    const history = approvals[id]?.history
    return history?.state === 'failed' ? [{ id, error: history.error ?? '' }] : []
  })
  return (
    <>
      <h3>{t('recent')}</h3>
      {failures.map((failure) => (
        <p key={failure.id} className="warning">
          {t('historyFailed', { gateway: labelOf(failure.id), error: failure.error })}
        </p>
      ))}
      {decisions.length === 0 ? (
        <p className="muted">{isLoading ? t('historyLoading') : t('noHistory')}</p>
      ) : (
        <ul className="inbox-list inbox-history">
          {decisions.map((decision) => {
            const values = { outcome: decisionText(decision), gateway: labelOf(decision.gatewayId), when: formatRelative(decision.resolvedAtMs) }
            return (
              <li key={`${decision.gatewayId}/${decision.id}`}>
                <code translate="no">{decision.subject}</code>
                <span className="muted">{decision.resolvedBy ? t('decidedBy', { ...values, by: decision.resolvedBy }) : t('decided', values)}</span>
              </li>
            )
          })}
        </ul>
      )}
    </>
  )
}

/** A new request somewhere the open chat does not show (another gateway or session), said politely once. */
function useInboxAnnouncement(items: InboxItem[], gateways: GatewayRecord[]): string {
  const [announcement, setAnnouncement] = useState('')
  const seen = useRef(new Set<string>())
  const activeId = useApp((s) => s.activeGatewayId)
  const openSession = useApp((s) => (s.activeGatewayId ? (s.chats[s.activeGatewayId]?.sessionKey ?? null) : null))
  useEffect(() => {
    for (const item of items) {
      const key = `${item.gatewayId}/${item.id}`
      if (seen.current.has(key)) continue
      seen.current.add(key)
      // The open chat's own dock announces what it shows.
      if (item.gatewayId === activeId && belongsTo(item, openSession)) continue
      const gateway = gateways.find((candidate) => candidate.id === item.gatewayId)?.label ?? ''
      const isRun = item.kind === 'approval' && item.entry.kind === 'exec'
      setAnnouncement(translate(TEXT, isRun ? 'announce' : 'announceOther', { gateway, subject: subjectOf(item) }))
    }
  }, [items, gateways, activeId, openSession])
  return announcement
}

/** The count on a gateway's row in the list: how many of its requests wait for an answer. */
function GatewayWaitingCount({ gatewayId }: { gatewayId: string }) {
  const t = useText(TEXT)
  const now = useNow()
  const count = waitingCount(
    useApp((s) => s.approvals[gatewayId]),
    now,
  )
  if (count === 0) return null
  return <span className="count-badge count-badge-text">{t('gatewayCount', { count })}</span>
}
