// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ChatItem } from '../../store'
import { actions } from '../useApp'
import { Transcript } from './Transcript'

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

const items: ChatItem[] = [
  { kind: 'user', id: 'u1', text: 'hello', state: 'answered' },
  { kind: 'reply', id: 'r1', text: 'Echo: hello', state: 'final' },
]
const show = (props: { hasOlder: boolean; olderError: string | null; isConnected: boolean }) =>
  render(<Transcript gatewayId="gw" items={items} emptyText="No messages yet." {...props} />)

describe('Transcript: earlier messages', () => {
  it('offers them while connected', () => {
    show({ hasOlder: true, olderError: null, isConnected: true })
    expect(screen.getByRole('button', { name: 'Show earlier messages' })).toBeTruthy()
  })

  it('says they load once connected, with no button that could not work', () => {
    show({ hasOlder: true, olderError: null, isConnected: false })
    expect(screen.queryByRole('button', { name: 'Show earlier messages' })).toBeNull()
    expect(screen.getByText('Earlier messages load once the gateway is connected.')).toBeTruthy()
  })

  it('after a failure says why and asks again only when told to', () => {
    const loadOlder = vi.spyOn(actions(), 'loadOlder').mockResolvedValue()
    show({ hasOlder: true, olderError: 'the gateway did not answer in time', isConnected: true })
    expect(screen.getByRole('alert').textContent).toBe('Earlier messages did not load: the gateway did not answer in time.')
    expect(screen.queryByRole('button', { name: 'Show earlier messages' })).toBeNull()
    expect(loadOlder).not.toHaveBeenCalled()
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(loadOlder).toHaveBeenCalledWith('gw')
  })

  it('shows nothing about earlier messages when the session has none', () => {
    show({ hasOlder: false, olderError: null, isConnected: true })
    expect(screen.queryByRole('button', { name: 'Show earlier messages' })).toBeNull()
    expect(screen.queryByText(/Earlier messages/)).toBeNull()
  })
})
