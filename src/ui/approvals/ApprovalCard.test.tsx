// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ApprovalEntry } from '../../store'
import { ApprovalCard } from './ApprovalCard'
import { belongsTo } from './inbox'

afterEach(cleanup)

const NOW = 1_000_000
const entry = (fields: Partial<ApprovalEntry> = {}): ApprovalEntry => ({
  id: 'a1',
  kind: 'exec',
  subject: 'rm -rf build',
  cwd: '/work',
  host: 'gateway',
  agentId: 'main',
  sessionKey: 'agent:main:main',
  decisions: ['allow-once', 'deny'],
  createdAtMs: NOW,
  expiresAtMs: NOW + 90_000,
  status: 'pending',
  ...fields,
})

describe('ApprovalCard', () => {
  it('offers exactly the listed decisions, named with the action and the command', () => {
    const onDecide = vi.fn()
    render(<ApprovalCard entry={entry()} now={NOW} onDecide={onDecide} onDismiss={() => undefined} />)
    expect(screen.getAllByRole('button').map((button) => button.getAttribute('aria-label'))).toEqual(['Allow once: rm -rf build', 'Deny: rm -rf build'])
    expect(screen.getByText('Open for 1:30')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Deny: rm -rf build' }))
    expect(onDecide).toHaveBeenCalledWith('deny')
  })

  it('keeps its buttons focusable but inert while an answer is on its way or being checked', () => {
    const onDecide = vi.fn()
    for (const status of ['sending', 'checking'] as const) {
      cleanup()
      render(<ApprovalCard entry={entry({ status })} now={NOW} onDecide={onDecide} onDismiss={() => undefined} />)
      const allow = screen.getByRole('button', { name: 'Allow once: rm -rf build' })
      expect(allow.getAttribute('aria-disabled')).toBe('true')
      expect(allow.hasAttribute('disabled')).toBe(false)
      fireEvent.click(allow)
    }
    expect(onDecide).not.toHaveBeenCalled()
  })

  it('says how it ended and by whom, without decision buttons', () => {
    render(
      <ApprovalCard
        entry={entry({ status: 'answered-elsewhere', decision: 'deny', resolvedBy: 'Laptop' })}
        now={NOW}
        onDecide={() => undefined}
        onDismiss={() => undefined}
      />,
    )
    expect(screen.getByText('Answered elsewhere by Laptop: denied.')).toBeTruthy()
    expect(screen.getAllByRole('button').map((button) => button.textContent)).toEqual(['Dismiss'])
  })

  it('shows a request past its expiry as expired and offers nothing', () => {
    render(<ApprovalCard entry={entry()} now={NOW + 90_001} onDecide={() => undefined} onDismiss={() => undefined} />)
    expect(screen.getByText('Expired without an answer: nothing ran.')).toBeTruthy()
    expect(screen.queryByRole('button', { name: /Allow once/ })).toBeNull()
  })

  it('moves focus to the outcome when the focused button gives way, instead of dropping it to the page', () => {
    const { rerender } = render(<ApprovalCard entry={entry()} now={NOW} onDecide={() => undefined} onDismiss={() => undefined} />)
    screen.getByRole('button', { name: 'Allow once: rm -rf build' }).focus()
    rerender(<ApprovalCard entry={entry({ status: 'answered', decision: 'allow-once' })} now={NOW} onDecide={() => undefined} onDismiss={() => undefined} />)
    expect(document.activeElement?.textContent).toBe('You allowed this once.')
  })
})

describe('belongsTo', () => {
  it('puts a request in its own session, and one naming none in the main chat', () => {
    expect(belongsTo({ sessionKey: 'agent:main:s2' }, 'agent:main:s2')).toBe(true)
    expect(belongsTo({ sessionKey: 'agent:main:s2' }, 'agent:main:main')).toBe(false)
    expect(belongsTo({}, 'agent:main:main')).toBe(true)
    expect(belongsTo({}, 'agent:main:s2')).toBe(false)
    expect(belongsTo({ sessionKey: 'agent:main:main' }, null)).toBe(false)
  })
})
