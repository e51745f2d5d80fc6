import { describe, expect, it, vi } from 'vitest'
import type { PushRecord } from '../gateway/push/pushRegistry'
import { chooseWindow, openNotice, openUrl, type PushWorker, readNoticeData, showPush } from './push'

const texts = {
  approval: 'The agent asks for your approval.',
  approvalResolved: 'A request was answered elsewhere.',
  question: 'The agent has a question for you.',
  finished: 'The agent finished its reply.',
  failed: 'A task failed.',
  test: 'Notifications work.',
  other: 'Something needs your attention.',
}

function fakeWorker(records: PushRecord[], scope = 'https://app.example/push/home/') {
  const stored = new Map(records.map((record) => [record.gatewayId, record]))
  const shown: Array<{ title: string; options: Parameters<PushWorker['showNotification']>[1] }> = []
  const badges: number[] = []
  const worker: PushWorker = {
    basePath: '/',
    scope,
    readRecord: async (id) => stored.get(id) ?? null,
    writeRecord: async (record) => void stored.set(record.gatewayId, record),
    allRecords: async () => [...stored.values()],
    showNotification: async (title, options) => void shown.push({ title, options }),
    setBadge: async (count) => void badges.push(count),
  }
  return { worker, shown, badges, stored }
}

const approvalPush = (id: string, title = 'OpenClaw approval requested') =>
  JSON.stringify({ title, body: 'x', tag: `openclaw-approval-${id}`, url: `approve/${id}` })

describe('showPush', () => {
  it("titles the notification with the user's name for the gateway whose registration got it, in the user's words", async () => {
    const { worker, shown } = fakeWorker([{ gatewayId: 'home', name: 'Home server', texts, waiting: [] }])
    await showPush(worker, approvalPush('a1'))
    expect(shown[0]!.title).toBe('Home server')
    expect(shown[0]!.options.body).toBe(texts.approval)
    expect(shown[0]!.options.tag).toBe('openclaw-approval-a1')
    expect(shown[0]!.options.data).toEqual({ gatewayId: 'home', target: { kind: 'approval', approvalId: 'a1' }, url: '/?gateway=home&approval=a1' })
  })

  it('counts waiting requests of every gateway on the badge, and an answered one comes off', async () => {
    const { worker, badges, stored } = fakeWorker([
      { gatewayId: 'home', name: 'Home', texts, waiting: [] },
      { gatewayId: 'work', name: 'Work', texts, waiting: ['openclaw-question-q1'] },
    ])
    await showPush(worker, approvalPush('a1'))
    await showPush(worker, approvalPush('a2'))
    expect(badges.at(-1)).toBe(3)
    await showPush(worker, approvalPush('a1', 'Home · OpenClaw approval updated'))
    expect(badges.at(-1)).toBe(2)
    expect(stored.get('home')!.waiting).toEqual(['openclaw-approval-a2'])
  })

  it('still shows something when the app has no record (its data was cleared) or the payload is garbage', async () => {
    const { worker, shown } = fakeWorker([])
    await showPush(worker, JSON.stringify({ title: 'OpenClaw', body: 'Web push test notification' }))
    expect(shown[0]).toMatchObject({ title: 'OpenClaw', options: { body: 'OpenClaw — Web push test notification' } })
    await showPush(worker, '\u0000not json')
    expect(shown[1]!.title).toBe('OpenClaw')
  })

  it("a push in a registration that is no gateway's opens the app, nowhere in particular", async () => {
    const { worker, shown } = fakeWorker([], 'https://app.example/')
    await showPush(worker, approvalPush('a1'))
    expect(shown[0]!.options.data.target).toEqual({ kind: 'gateway' })
  })
})

describe('a tap on a notification', () => {
  const data = { gatewayId: 'home', target: { kind: 'approval' as const, approvalId: 'a1' }, url: '/?gateway=home&approval=a1' }
  const window = (url: string, focused = false, visibilityState = 'hidden') => ({
    url,
    focused,
    visibilityState,
    postMessage: vi.fn(),
    focus: vi.fn(async () => undefined),
  })

  it('tells the focused window of the app where to go and focuses it', async () => {
    const background = window('https://app.example/')
    const focused = window('https://app.example/?x', true, 'visible')
    const openWindow = vi.fn(async () => undefined)
    expect(await openNotice(data, [background, focused], 'https://app.example', '/', openWindow)).toBe('told')
    expect(focused.postMessage).toHaveBeenCalledWith({ type: 'open-notification', gatewayId: 'home', target: data.target })
    expect(focused.focus).toHaveBeenCalled()
    expect(background.postMessage).not.toHaveBeenCalled()
    expect(openWindow).not.toHaveBeenCalled()
  })

  it('opens the app at the URL when no window of it is open (a window of another site does not count)', async () => {
    const openWindow = vi.fn(async () => undefined)
    expect(await openNotice(data, [window('https://other.example/')], 'https://app.example', '/', openWindow)).toBe('opened')
    expect(openWindow).toHaveBeenCalledWith('/?gateway=home&approval=a1')
  })

  it('prefers a visible window to a hidden one', () => {
    const hidden = window('https://app.example/')
    const visible = window('https://app.example/', false, 'visible')
    expect(chooseWindow([hidden, visible], 'https://app.example', '/')).toBe(visible)
  })

  it('builds URLs for every target and ignores notifications that are not ours', () => {
    expect(openUrl('/app/', 'g', { kind: 'session', sessionKey: 'agent:main:x' })).toBe('/app/?gateway=g&session=agent%3Amain%3Ax')
    expect(openUrl('/', 'g', { kind: 'question', questionId: 'q' })).toBe('/?gateway=g&question=q')
    expect(readNoticeData({ gatewayId: 1 })).toBeNull()
    expect(readNoticeData(null)).toBeNull()
  })
})
