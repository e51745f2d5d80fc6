// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApproveCommand } from './ApproveCommand'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('ApproveCommand', () => {
  it('shows the exact approve command for the request, and copies that same text', async () => {
    const writeText = vi.fn(async () => undefined)
    vi.stubGlobal('navigator', { clipboard: { writeText } })
    render(<ApproveCommand requestId="req-42" />)
    expect(screen.getByText('openclaw devices approve req-42').tagName).toBe('CODE')
    fireEvent.click(screen.getByRole('button', { name: 'Copy command' }))
    expect(await screen.findByText('Copied')).toBeTruthy()
    expect(writeText).toHaveBeenCalledWith('openclaw devices approve req-42')
  })

  it('puts extra actions in the copy button’s row', () => {
    render(
      <ApproveCommand requestId="req-7">
        <button type="button">Check now</button>
      </ApproveCommand>,
    )
    const copy = screen.getByRole('button', { name: 'Copy command' })
    const check = screen.getByRole('button', { name: 'Check now' })
    expect(check.parentElement).toBe(copy.parentElement)
  })
})
