import { useId, useLayoutEffect, useRef, useState } from 'react'
import { defineMessages } from '../../i18n'
import type { QuestionEntry, QuestionPrompt } from '../../store'
import { formatRemaining } from '../useNow'
import { useText } from '../useText'

const TEXT = defineMessages('approvals.question', {
  title: 'The agent asks',
  step: 'Question {index} of {total}',
  other: 'Other…',
  otherAnswer: 'Your own answer',
  next: 'Next',
  back: 'Back',
  send: 'Send answer',
  skip: 'Skip',
  skipName: 'Skip: {question}',
  sendName: 'Send answer: {question}',
  closesIn: 'Open for {remaining}',
  secret: 'This question asks for a secret: answer it in the gateway’s Control UI, never in a chat.',
  sending: 'Sending your answer…',
  answered: 'You answered.',
  answeredElsewhere: 'Answered elsewhere.',
  cancelled: 'Skipped: the agent goes on without an answer.',
  expired: 'Expired without an answer.',
  noAnswer: '(no answer)',
  failed: 'Your answer did not go through ({error}). You can send it again.',
})

type Draft = Record<string, { picked: string[]; other: string; otherOn: boolean }>
const OUTCOME_KEYS = {
  answered: 'answered',
  'answered-elsewhere': 'answeredElsewhere',
  cancelled: 'cancelled',
  expired: 'expired',
} as const satisfies Partial<Record<QuestionEntry['status'], keyof typeof TEXT.en>>
const outcomeKey = (status: QuestionEntry['status']) => (status in OUTCOME_KEYS ? OUTCOME_KEYS[status as keyof typeof OUTCOME_KEYS] : 'expired')

function answersOf(prompts: QuestionPrompt[], draft: Draft): Record<string, string[]> {
  return Object.fromEntries(
    prompts.map((prompt) => {
      const entry = draft[prompt.questionId]
      const other = entry?.otherOn ? entry.other.trim() : ''
      return [prompt.questionId, [...(entry?.picked ?? []), ...(other ? [other] : [])]]
    }),
  )
}

/** An agent question (ask_user): one step at a time, the options, the free "Other" answer, Skip. */
export function QuestionCard({ entry, now, onAnswer }: { entry: QuestionEntry; now: number; onAnswer(answers: Record<string, string[]> | null): void }) {
  const baseId = useId()
  const t = useText(TEXT)
  const [step, setStep] = useState(0)
  const [draft, setDraft] = useState<Draft>({})
  const outcomeRef = useRef<HTMLParagraphElement>(null)
  const focusWithin = useRef(false)
  const prompts = entry.questions
  const prompt = prompts[Math.min(step, prompts.length - 1)]!
  const remaining = entry.expiresAtMs - now
  const isOpen = (entry.status === 'pending' || entry.status === 'sending') && remaining > 0
  const canAnswer = entry.status === 'pending' && remaining > 0
  const current = draft[prompt.questionId] ?? { picked: [], other: '', otherOn: false }
  const update = (change: Partial<Draft[string]>) => setDraft({ ...draft, [prompt.questionId]: { ...current, ...change } })
  const isLast = step >= prompts.length - 1
  const hasAnswer = current.picked.length > 0 || (current.otherOn && current.other.trim().length > 0)

  useLayoutEffect(() => {
    if (!isOpen && focusWithin.current && document.activeElement === document.body) outcomeRef.current?.focus()
  }, [isOpen])

  const pick = (label: string, checked: boolean) =>
    update(
      prompt.multiSelect ? { picked: checked ? [...current.picked, label] : current.picked.filter((p) => p !== label) } : { picked: [label], otherOn: false },
    )

  return (
    <article
      className={`approval-card${isOpen ? '' : ' is-closed'}`}
      // The inbox moves focus here when the user opens this request from it.
      data-request-id={entry.id}
      tabIndex={-1}
      aria-labelledby={`${baseId}-title`}
      onFocus={() => (focusWithin.current = true)}
      onBlur={(event) => (focusWithin.current = event.currentTarget.contains(event.relatedTarget as Node | null))}
    >
      <h3 id={`${baseId}-title`}>{t('title')}</h3>
      {isOpen ? (
        prompt.isSecret ? (
          <p>{t('secret')}</p>
        ) : (
          <form
            onSubmit={(event) => {
              event.preventDefault()
              if (!canAnswer || !hasAnswer) return
              if (isLast) onAnswer(answersOf(prompts, draft))
              else setStep(step + 1)
            }}
          >
            {prompts.length > 1 && <p className="muted">{t('step', { index: step + 1, total: prompts.length })}</p>}
            <fieldset>
              <legend>{prompt.question}</legend>
              {prompt.options.map((option) => (
                <label key={option.label} className="question-option">
                  <input
                    type={prompt.multiSelect ? 'checkbox' : 'radio'}
                    name={`${baseId}-${prompt.questionId}`}
                    checked={current.picked.includes(option.label)}
                    onChange={(event) => pick(option.label, event.target.checked)}
                  />
                  <span>
                    {option.label}
                    {option.description && <span className="muted"> — {option.description}</span>}
                  </span>
                </label>
              ))}
              <label className="question-option">
                <input
                  type={prompt.multiSelect ? 'checkbox' : 'radio'}
                  name={`${baseId}-${prompt.questionId}`}
                  checked={current.otherOn}
                  onChange={(event) => update(prompt.multiSelect ? { otherOn: event.target.checked } : { otherOn: true, picked: [] })}
                />
                <span>{t('other')}</span>
              </label>
              {current.otherOn && (
                <input type="text" aria-label={t('otherAnswer')} value={current.other} onChange={(event) => update({ other: event.target.value })} />
              )}
            </fieldset>
            <p className="muted">{t('closesIn', { remaining: formatRemaining(remaining) })}</p>
            <div className="row">
              {step > 0 && (
                <button type="button" onClick={() => setStep(step - 1)}>
                  {t('back')}
                </button>
              )}
              <button
                type="submit"
                className="primary"
                aria-disabled={!canAnswer || !hasAnswer}
                aria-label={isLast ? t('sendName', { question: prompt.question }) : undefined}
              >
                {isLast ? t('send') : t('next')}
              </button>
              <button
                type="button"
                aria-label={t('skipName', { question: prompt.question })}
                aria-disabled={!canAnswer}
                onClick={() => canAnswer && onAnswer(null)}
              >
                {t('skip')}
              </button>
            </div>
          </form>
        )
      ) : (
        <dl className="facts">
          {prompts.map((item) => (
            <div key={item.questionId} className="question-summary">
              <dt>{item.question}</dt>
              <dd>{entry.answers?.[item.questionId]?.join(', ') || t('noAnswer')}</dd>
            </div>
          ))}
        </dl>
      )}
      <p ref={outcomeRef} tabIndex={-1} className={entry.error ? 'warning' : 'approval-outcome'}>
        {entry.status === 'sending'
          ? t('sending')
          : entry.error && entry.status === 'pending'
            ? t('failed', { error: entry.error })
            : !isOpen
              ? t(outcomeKey(entry.status))
              : ''}
      </p>
    </article>
  )
}
