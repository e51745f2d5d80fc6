import { useEffect } from 'react'
import { defineMessages, loadPart, onTextChange } from '../../i18n'
import { actions, useApp } from '../useApp'
import { useText } from '../useText'
import { noticeTexts } from './noticeTexts'
import { startNotificationLinks } from './notificationLinks'
import './notifications.css'

const controls = () => actions().notificationControls()

const TEXT = defineMessages('notifications.offer', {
  region: 'Notifications',
  offer: 'Get a notification when {gateway} needs you, even with the app closed?',
  turnOn: 'Turn on',
  notNow: 'Not now',
})

/**
 * Mounted once with the app's PWA controls: follows tapped notifications (a link the app opened
 * with, or a message from the worker), keeps the words notifications show in the user's language,
 * and offers notifications once per gateway at a moment they make sense (after the first request or
 * message there). The browser's permission is asked only from the "Turn on" tap.
 */
export function NotificationsLayer() {
  const t = useText(TEXT)
  // The offer is about the gateway on screen (primitives: a new object would render forever).
  const offeredId = useApp((s) => (s.activeGatewayId && s.notifications[s.activeGatewayId]?.offer ? s.activeGatewayId : null))
  const label = useApp((s) => s.gateways.find((record) => record.id === offeredId)?.label ?? '')
  useEffect(() => startNotificationLinks(), [])
  useEffect(
    () =>
      onTextChange(() => {
        if (!Object.values(actions().notifications).some((view) => view.state !== 'off')) return
        // The language changed: its catalog part arrives first, then the words are rewritten for the worker.
        void Promise.all([loadPart('notifications'), controls()]).then(([, loaded]) => loaded.setTexts(noticeTexts()))
      }),
    [],
  )
  return (
    // A row of the header (as the offline notice), not a floating toast: it covers nothing the user may need.
    <div role="status" aria-label={t('region')} className="notice-offer-region">
      {offeredId && (
        <div className="notice-offer">
          <p className="notice-offer-text">{t('offer', { gateway: label })}</p>
          <button type="button" className="primary" onClick={() => void controls().then((c) => c.enable(offeredId, noticeTexts()))}>
            {t('turnOn')}
          </button>
          <button type="button" onClick={() => void controls().then((c) => c.dismissOffer(offeredId))}>
            {t('notNow')}
          </button>
        </div>
      )}
    </div>
  )
}
