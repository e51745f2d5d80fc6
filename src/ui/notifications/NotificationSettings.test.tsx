// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { appStore, type NotificationControls, type NotificationsView } from '../../store'
import { NotificationSettings } from './NotificationSettings'

afterEach(cleanup)

function show(view: NotificationsView | undefined, controls: Partial<NotificationControls> = {}) {
  appStore.setState({
    notifications: view ? { gw: view } : {},
    notificationControls: async () => controls as NotificationControls,
  })
  render(<NotificationSettings gatewayId="gw" gatewayName="Home lab" />)
}

describe('NotificationSettings', () => {
  it.each([
    [{ state: 'off' }, 'Off: Home lab does not notify this device.'],
    [{ state: 'working' }, 'Turning notifications on…'],
    [{ state: 'on' }, 'On: this device is notified by Home lab.'],
    [{ state: 'off', problem: 'denied' }, /blocked for this app in your browser.*Site settings/],
    [{ state: 'off', problem: 'install-first' }, /Add to Home Screen/],
    [{ state: 'off', problem: 'no-push' }, /no Push API/],
    [{ state: 'off', problem: 'insecure' }, /HTTPS/],
    [
      { state: 'off', problem: 'gateway' },
      'Home lab does not offer notifications to browsers. Its owner can update it (openclaw update) to a release that does.',
    ],
    [{ state: 'off', problem: 'failed', error: 'push service unreachable' }, 'Notifications could not be turned on: push service unreachable'],
  ] as Array<[NotificationsView, string | RegExp]>)('says exactly why: %o', (view, text) => {
    show(view)
    expect(screen.getAllByRole('status')[0]!.textContent).toMatch(text)
  })

  it('offers Turn on only where it could work, and Turn on passes the words notifications will show', async () => {
    const enable = vi.fn(async () => undefined)
    show({ state: 'off', problem: 'denied' }, { enable })
    fireEvent.click(screen.getByRole('button', { name: 'Turn on notifications' }))
    await vi.waitFor(() => expect(enable).toHaveBeenCalledWith('gw', expect.objectContaining({ approval: 'The agent asks for your approval.' })))
    cleanup()
    show({ state: 'off', problem: 'install-first' })
    expect(screen.queryByRole('button', { name: 'Turn on notifications' })).toBeNull()
  })

  it('when on: the categories as the gateway has them, a category change, quiet hours and a test', async () => {
    const setCategory = vi.fn(async () => undefined)
    const sendTest = vi.fn(async () => undefined)
    const categories = {
      approvalRequested: true,
      agentQuestion: false,
      agentFinished: false,
      humanMentioned: false,
      scheduledTaskFailed: false,
      backgroundTaskFailed: false,
    }
    show(
      { state: 'on', categories, quietHours: { enabled: false, startMinute: 1320, endMinute: 420, timeZone: 'UTC' }, test: 'sent' },
      { setCategory, sendTest },
    )
    expect(screen.getByRole('checkbox', { name: 'Approval requests' })).toHaveProperty('checked', true)
    fireEvent.click(screen.getByRole('checkbox', { name: 'Questions from the agent' }))
    await vi.waitFor(() => expect(setCategory).toHaveBeenCalledWith('gw', 'agentQuestion', true))
    expect((screen.getByLabelText('From') as HTMLInputElement).value).toBe('22:00')
    expect((screen.getByLabelText('To') as HTMLInputElement).value).toBe('07:00')
    fireEvent.click(screen.getByRole('button', { name: 'Send a test' }))
    await vi.waitFor(() => expect(sendTest).toHaveBeenCalledWith('gw'))
    expect(screen.getByText('Test sent: it should arrive within a few seconds.')).toBeTruthy()
  })
})
