// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { QuestionEntry } from '../../store'
import { QuestionCard } from './QuestionCard'

afterEach(cleanup)

const NOW = 1_000_000
const WHERE = {
  questionId: 'where',
  question: 'Where should it deploy?',
  options: [{ label: 'Staging' }, { label: 'Production', description: 'live users' }],
  multiSelect: false,
  isSecret: false,
}
const WHAT = {
  questionId: 'what',
  question: 'What should it check first?',
  options: [{ label: 'Tests' }, { label: 'Lint' }, { label: 'Size' }],
  multiSelect: true,
  isSecret: false,
}
const entry = (fields: Partial<QuestionEntry> = {}): QuestionEntry => ({
  id: 'q1',
  sessionKey: 'agent:main:main',
  questions: [WHERE, WHAT],
  createdAtMs: NOW,
  expiresAtMs: NOW + 60_000,
  status: 'pending',
  ...fields,
})

const send = (question: string) => screen.getByRole('button', { name: `Send answer: ${question}` })

describe('QuestionCard', () => {
  it('asks several questions one step at a time and sends every answer together, Other included', () => {
    const onAnswer = vi.fn()
    render(<QuestionCard entry={entry()} now={NOW} onAnswer={onAnswer} />)
    expect(screen.getByText('Question 1 of 2')).toBeTruthy()
    expect(screen.getByRole('group', { name: WHERE.question })).toBeTruthy()
    fireEvent.click(screen.getByRole('radio', { name: 'Production — live users' }))
    fireEvent.click(screen.getByRole('button', { name: 'Next' }))

    expect(screen.getByText('Question 2 of 2')).toBeTruthy()
    fireEvent.click(screen.getByRole('checkbox', { name: 'Tests' }))
    fireEvent.click(screen.getByRole('checkbox', { name: 'Size' }))
    fireEvent.click(screen.getByRole('checkbox', { name: 'Other…' }))
    fireEvent.change(screen.getByRole('textbox', { name: 'Your own answer' }), { target: { value: '  the docs  ' } })
    fireEvent.click(send(WHAT.question))
    expect(onAnswer).toHaveBeenCalledExactlyOnceWith({ where: ['Production'], what: ['Tests', 'Size', 'the docs'] })
  })

  it('keeps an earlier answer when the user goes back, and a single choice is either an option or Other', () => {
    const onAnswer = vi.fn()
    render(<QuestionCard entry={entry()} now={NOW} onAnswer={onAnswer} />)
    fireEvent.click(screen.getByRole('radio', { name: 'Staging' }))
    fireEvent.click(screen.getByRole('button', { name: 'Next' }))
    fireEvent.click(screen.getByRole('button', { name: 'Back' }))
    expect((screen.getByRole('radio', { name: 'Staging' }) as HTMLInputElement).checked).toBe(true)

    fireEvent.click(screen.getByRole('radio', { name: 'Other…' }))
    expect((screen.getByRole('radio', { name: 'Staging' }) as HTMLInputElement).checked).toBe(false)
    fireEvent.change(screen.getByRole('textbox', { name: 'Your own answer' }), { target: { value: 'Preview' } })
    fireEvent.click(screen.getByRole('button', { name: 'Next' }))
    fireEvent.click(screen.getByRole('checkbox', { name: 'Lint' }))
    fireEvent.click(send(WHAT.question))
    expect(onAnswer).toHaveBeenCalledExactlyOnceWith({ where: ['Preview'], what: ['Lint'] })
  })

  it('sends nothing without an answer (an empty Other is none), but Skip always answers with nothing', () => {
    const onAnswer = vi.fn()
    render(<QuestionCard entry={entry({ questions: [WHAT] })} now={NOW} onAnswer={onAnswer} />)
    expect(screen.queryByText(/Question 1 of/)).toBeNull()
    expect(send(WHAT.question).getAttribute('aria-disabled')).toBe('true')
    fireEvent.click(screen.getByRole('checkbox', { name: 'Other…' }))
    fireEvent.change(screen.getByRole('textbox', { name: 'Your own answer' }), { target: { value: '   ' } })
    fireEvent.click(send(WHAT.question))
    expect(onAnswer).not.toHaveBeenCalled()
    fireEvent.click(screen.getByRole('button', { name: `Skip: ${WHAT.question}` }))
    expect(onAnswer).toHaveBeenCalledExactlyOnceWith(null)
  })

  it('never takes a secret in the chat', () => {
    render(<QuestionCard entry={entry({ questions: [{ ...WHAT, isSecret: true }] })} now={NOW} onAnswer={() => undefined} />)
    expect(screen.getByText(/asks for a secret/)).toBeTruthy()
    expect(screen.queryByRole('textbox')).toBeNull()
    expect(screen.queryByRole('button')).toBeNull()
  })

  it('once answered, keeps each question with its answer and says how it ended', () => {
    render(<QuestionCard entry={entry({ status: 'answered-elsewhere', answers: { where: ['Staging'] } })} now={NOW} onAnswer={() => undefined} />)
    expect(screen.getByText(WHERE.question).nextElementSibling?.textContent).toBe('Staging')
    expect(screen.getByText(WHAT.question).nextElementSibling?.textContent).toBe('(no answer)')
    expect(screen.getByText('Answered elsewhere.')).toBeTruthy()
    expect(screen.queryByRole('button')).toBeNull()
  })

  it('is closed once its time is up, even before the gateway says so, and Skip no longer answers', () => {
    const onAnswer = vi.fn()
    render(<QuestionCard entry={entry()} now={NOW + 60_000} onAnswer={onAnswer} />)
    expect(screen.getByText('Expired without an answer.')).toBeTruthy()
    expect(screen.queryByRole('button', { name: /Skip/ })).toBeNull()
    expect(onAnswer).not.toHaveBeenCalled()
  })
})
