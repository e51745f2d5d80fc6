import { useId, useState } from 'react'
import { defineMessages } from '../../i18n'
import type { NotificationCategory, NotificationsView, QuietHours } from '../../store'
import { actions, useApp } from '../useApp'
import { useText } from '../useText'
import { noticeTexts } from './noticeTexts'
import './notifications.css'

const TEXT = defineMessages('notifications.settings', {
  title: 'Notifications',
  region: 'Notifications from {gateway}',
  on: 'On: this device is notified by {gateway}.',
  working: 'Turning notifications on…',
  off: 'Off: {gateway} does not notify this device.',
  denied:
    'Notifications are blocked for this app in your browser. Allow them in the site settings (the icon beside the address, or the browser’s Settings → Site settings → Notifications), then turn them on here.',
  installFirst: 'On iPhone and iPad, only the app on the Home Screen can get notifications: tap Share, then Add to Home Screen, and open the app from there.',
  noPush: 'This browser cannot get notifications from a web app (it has no Push API). A current Chrome, Edge, Firefox or Safari can.',
  insecure: 'Notifications need the app to be opened over HTTPS.',
  gateway: '{gateway} does not offer notifications to browsers. Its owner can update it (openclaw update) to a release that does.',
  failed: 'Notifications could not be turned on: {error}',
  turnOn: 'Turn on notifications',
  turnOff: 'Turn off notifications',
  what: 'Notify me about',
  approvalRequested: 'Approval requests',
  agentQuestion: 'Questions from the agent',
  agentFinished: 'Replies that finished',
  humanMentioned: 'Mentions by other people',
  scheduledTaskFailed: 'Scheduled tasks that failed',
  backgroundTaskFailed: 'Background tasks that failed',
  quiet: 'Quiet hours',
  quietOn: 'Pause notifications during these hours',
  quietFrom: 'From',
  quietTo: 'To',
  quietZone: 'In {zone}. Nothing is sent during quiet hours, and nothing is sent later either.',
  test: 'Send a test',
  testSending: 'Sending a test…',
  testSent: 'Test sent: it should arrive within a few seconds.',
  testFailed: 'The test could not be sent: {error}',
})

const CATEGORIES: readonly NotificationCategory[] = [
  'approvalRequested',
  'agentQuestion',
  'agentFinished',
  'humanMentioned',
  'scheduledTaskFailed',
  'backgroundTaskFailed',
]
const OFF: NotificationsView = { state: 'off' }
const controls = () => actions().notificationControls()

const toTime = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`
const toMinute = (time: string) => {
  const [hours, minutes] = time.split(':').map(Number)
  return Number.isInteger(hours) && Number.isInteger(minutes) ? hours! * 60 + minutes! : null
}

function statusKey(view: NotificationsView): keyof typeof TEXT.en {
  if (view.problem === 'install-first') return 'installFirst'
  if (view.problem === 'no-push') return 'noPush'
  if (view.problem) return view.problem
  return view.state
}

/** One gateway's notifications: on/off, what it notifies about, quiet hours, a test, and why not when it cannot. */
export function NotificationSettings({ gatewayId, gatewayName }: { gatewayId: string; gatewayName: string }) {
  const view = useApp((s) => s.notifications[gatewayId]) ?? OFF
  const t = useText(TEXT)
  const canTurnOn = !view.problem || view.problem === 'denied' || view.problem === 'failed'
  const isOn = view.state === 'on'
  return (
    // Named with its gateway: with several gateways' settings open, each region's name is its own.
    <section className="notification-settings" aria-label={t('region', { gateway: gatewayName })}>
      <h3>{t('title')}</h3>
      <p role="status" className={view.problem ? 'warning' : 'muted'}>
        {t(statusKey(view), { gateway: gatewayName, error: view.error ?? '' })}
      </p>
      {isOn ? (
        <button type="button" onClick={() => void controls().then((c) => c.disable(gatewayId))}>
          {t('turnOff')}
        </button>
      ) : (
        canTurnOn && (
          <button
            type="button"
            className="primary"
            disabled={view.state === 'working'}
            onClick={() => void controls().then((c) => c.enable(gatewayId, noticeTexts()))}
          >
            {t('turnOn')}
          </button>
        )
      )}
      {isOn && view.categories && (
        <fieldset>
          <legend>{t('what')}</legend>
          {CATEGORIES.map((category) => (
            <label key={category} className="check">
              <input
                type="checkbox"
                checked={view.categories?.[category] ?? false}
                onChange={(event) => {
                  // Read now: React puts a controlled box back before the action's chunk answers.
                  const on = event.target.checked
                  void controls().then((c) => c.setCategory(gatewayId, category, on))
                }}
              />
              {t(category)}
            </label>
          ))}
        </fieldset>
      )}
      {isOn && view.quietHours && <QuietHoursFields gatewayId={gatewayId} quietHours={view.quietHours} />}
      {isOn && (
        <div className="row">
          <button type="button" disabled={view.test === 'sending'} onClick={() => void controls().then((c) => c.sendTest(gatewayId))}>
            {t('test')}
          </button>
          <span role="status" className="muted">
            {view.test === 'sending'
              ? t('testSending')
              : view.test === 'sent'
                ? t('testSent')
                : view.test === 'failed'
                  ? t('testFailed', { error: view.error ?? '' })
                  : ''}
          </span>
        </div>
      )}
    </section>
  )
}

/** A time of day, sent when the field is left (not on every keystroke of a half-typed time). */
function MinuteField({ label, minute, onCommit }: { label: string; minute: number; onCommit: (minute: number) => void }) {
  const id = useId()
  const [value, setValue] = useState(toTime(minute))
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="time"
        value={value}
        onChange={(event) => setValue(event.target.value)}
        onBlur={() => {
          const next = toMinute(value)
          if (next !== null && next !== minute) onCommit(next)
        }}
      />
    </>
  )
}

function QuietHoursFields({ gatewayId, quietHours }: { gatewayId: string; quietHours: QuietHours }) {
  const t = useText(TEXT)
  // The gateway keeps quiet hours in a time zone: the device's own when the user first sets them.
  const zone = quietHours.enabled ? quietHours.timeZone : Intl.DateTimeFormat().resolvedOptions().timeZone
  const commit = (change: Partial<QuietHours>) => void controls().then((c) => c.setQuietHours(gatewayId, { ...quietHours, timeZone: zone, ...change }))
  return (
    <fieldset>
      <legend>{t('quiet')}</legend>
      <label className="check">
        <input type="checkbox" checked={quietHours.enabled} onChange={(event) => commit({ enabled: event.target.checked })} />
        {t('quietOn')}
      </label>
      <div className="row">
        <MinuteField label={t('quietFrom')} minute={quietHours.startMinute} onCommit={(startMinute) => commit({ startMinute })} />
        <MinuteField label={t('quietTo')} minute={quietHours.endMinute} onCommit={(endMinute) => commit({ endMinute })} />
      </div>
      <p className="muted">{t('quietZone', { zone })}</p>
    </fieldset>
  )
}
