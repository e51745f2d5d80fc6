import { defineMessages } from '../../i18n'
import { actions, useApp } from '../useApp'
import { useText } from '../useText'

const TEXT = defineMessages('node.notifyPrompt', {
  title: 'Allow notifications from your agent?',
  bodyOn: 'The agent on {gateway} wants to notify you on this device. Its message: “{message}”. Your browser will ask you to confirm.',
  body: 'The agent wants to notify you on this device. Its message: “{message}”. Your browser will ask you to confirm.',
  allow: 'Allow notifications',
  notNow: 'Not now',
})

/**
 * Asked the first time the agent sends a notification, with its message as the reason. The
 * browser's own permission prompt opens from the button (browsers allow it only from a click).
 */
export function NotificationPrompt() {
  const prompt = useApp((s) => s.notificationPrompt)
  const gateway = useApp((s) => s.gateways.find((g) => g.id === prompt?.gatewayId))
  const t = useText(TEXT)
  if (!prompt) return null
  const message = [prompt.title, prompt.body].filter(Boolean).join(': ')
  return (
    <section className="panel" aria-labelledby="notify-permission-title">
      <h2 id="notify-permission-title">{t('title')}</h2>
      <p>{gateway ? t('bodyOn', { gateway: gateway.label, message }) : t('body', { message })}</p>
      <div className="row">
        <button type="button" className="primary" onClick={() => actions().answerNotificationPrompt(true)}>
          {t('allow')}
        </button>
        <button type="button" onClick={() => actions().answerNotificationPrompt(false)}>
          {t('notNow')}
        </button>
      </div>
    </section>
  )
}
