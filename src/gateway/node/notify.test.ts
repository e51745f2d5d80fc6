// @vitest-environment node
import { describe, expect, it, vi } from 'vitest'
import type { NotificationApi, NotificationPermissionState } from './browserApis'
import { NOTIFY_BODY_MAX, NOTIFY_TITLE_MAX } from './consentPolicy'
import { notifyHandler, type NotifyOptions } from './notify'
import { context } from './testing/fakeBrowser'

function notifications(permission: NotificationPermissionState) {
  const shown: Array<{ title: string; options: unknown }> = []
  const api: NotificationApi = {
    permission: () => permission,
    requestPermission: async () => permission,
    show: async (title, options) => void shown.push({ title, options }),
  }
  return { api, shown }
}

function options(answer: NotificationPermissionState | 'never' = 'granted') {
  return {
    gatewayLabel: () => 'Home',
    askPermission: vi.fn<NotifyOptions['askPermission']>(() => (answer === 'never' ? new Promise(() => {}) : Promise.resolve(answer))),
    showInApp: vi.fn<NotifyOptions['showInApp']>(),
  }
}

describe('system.notify', () => {
  it('shows a system notification when allowed, with the priority mapped', async () => {
    const n = notifications('granted')
    const o = options()
    await expect(notifyHandler({ notifications: n.api }, o)({ title: 'Build', body: 'Done', priority: 'timeSensitive' }, context())).resolves.toEqual({
      delivered: 'system',
    })
    expect(n.shown).toEqual([{ title: 'Agent on Home: Build', options: { body: 'Done', silent: false, requireInteraction: true } }])
    expect(o.askPermission).not.toHaveBeenCalled()
  })

  it('asks (with the message as the reason) the first time, and shows it once allowed', async () => {
    const n = notifications('default')
    const o = options('granted')
    await notifyHandler({ notifications: n.api }, o)({ title: 'Build', body: 'Done' }, context())
    expect(o.askPermission).toHaveBeenCalledWith({ title: 'Agent on Home: Build', body: 'Done' }, expect.any(AbortSignal))
    expect(n.shown).toHaveLength(1)
  })

  it('a dismissed question fails with NOTIFICATIONS_PERMISSION_REQUIRED', async () => {
    const n = notifications('default')
    await expect(notifyHandler({ notifications: n.api }, options('default'))({ title: 'x' }, context())).rejects.toMatchObject({
      code: 'NOTIFICATIONS_PERMISSION_REQUIRED',
    })
    expect(n.shown).toEqual([])
  })

  it('blocked notifications fail without asking again', async () => {
    const n = notifications('denied')
    const o = options()
    await expect(notifyHandler({ notifications: n.api }, o)({ title: 'x' }, context())).rejects.toMatchObject({
      code: 'NOTIFICATIONS_PERMISSION_REQUIRED',
      message: expect.stringContaining('blocked'),
    })
    expect(o.askPermission).not.toHaveBeenCalled()
  })

  it('an unanswered question ends when the invocation is aborted (the dispatcher’s deadline)', async () => {
    const controller = new AbortController()
    const pending = notifyHandler({ notifications: notifications('default').api }, options('never'))({ title: 'x' }, context(5_000, controller.signal))
    controller.abort(new Error('deadline'))
    await expect(pending).rejects.toThrow('deadline')
  })

  it('no Notification API: UNAVAILABLE; but overlay delivery still works inside the app', async () => {
    const o = options()
    await expect(notifyHandler({}, o)({ title: 'x' }, context())).rejects.toMatchObject({ code: 'UNAVAILABLE' })
    await expect(notifyHandler({}, o)({ title: 'Hi', body: 'there', delivery: 'overlay' }, context())).resolves.toEqual({ delivered: 'overlay' })
    await expect(notifyHandler({}, o)({ title: 'Hi', delivery: 'auto' }, context())).resolves.toEqual({ delivered: 'overlay' })
    expect(o.showInApp).toHaveBeenCalledWith({ title: 'Agent on Home: Hi', body: 'there' })
  })

  it('refuses an empty notification and an unknown priority with INVALID_REQUEST', async () => {
    const n = notifications('granted')
    await expect(notifyHandler({ notifications: n.api }, options())({ title: ' ', body: '' }, context())).rejects.toMatchObject({ code: 'INVALID_REQUEST' })
    await expect(notifyHandler({ notifications: n.api }, options())({ title: 'x', priority: 'urgent' }, context())).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    })
  })
})

describe('system.notify timing', () => {
  it('stops waiting for an unanswered question just before the invocation ends, with the real reason', async () => {
    vi.useFakeTimers()
    try {
      let outcome: unknown
      notifyHandler({ notifications: notifications('default').api }, options('never'))({ title: 'x' }, context(3_000)).catch(
        (error: unknown) => (outcome = error),
      )
      await vi.advanceTimersByTimeAsync(2_749)
      expect(outcome).toBeUndefined()
      await vi.advanceTimersByTimeAsync(1)
      expect(outcome).toMatchObject({ code: 'NOTIFICATIONS_PERMISSION_REQUIRED' })
    } finally {
      vi.useRealTimers()
    }
  })

  it('marks every message as the agent’s and caps its length, titles and bodies alike', async () => {
    const n = notifications('granted')
    const o = options()
    await notifyHandler({ notifications: n.api }, o)({ body: 'Only a body' }, context())
    await notifyHandler({ notifications: n.api }, o)({ title: `Your bank\u202e${'!'.repeat(200)}`, body: 'b'.repeat(1_000) }, context())
    expect(n.shown[0]).toEqual({ title: 'Agent on Home', options: { body: 'Only a body', silent: false, requireInteraction: false } })
    const capped = n.shown[1]!
    expect(capped.title.startsWith('Agent on Home: Your bank !')).toBe(true)
    expect(capped.title).not.toContain('\u202e')
    expect(capped.title.length).toBe('Agent on Home: '.length + NOTIFY_TITLE_MAX)
    expect((capped.options as { body: string }).body).toHaveLength(NOTIFY_BODY_MAX)
    expect((capped.options as { body: string }).body.endsWith('…')).toBe(true)
  })
})
