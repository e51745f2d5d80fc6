import { actions, useApp } from '../useApp'

/**
 * Asked the first time the agent sends a notification, with its message as the reason. The
 * browser's own permission prompt opens from the button (browsers allow it only from a click).
 */
export function NotificationPrompt() {
  const prompt = useApp((s) => s.notificationPrompt)
  const gateway = useApp((s) => s.gateways.find((g) => g.id === prompt?.gatewayId))
  if (!prompt) return null
  const message = [prompt.title, prompt.body].filter(Boolean).join(': ')
  return (
    <section className="panel" aria-labelledby="notify-permission-title">
      <h2 id="notify-permission-title">Allow notifications from your agent?</h2>
      <p>
        The agent{gateway ? ` on ${gateway.label}` : ''} wants to notify you on this device. Its message: “{message}”. Your browser will ask you to confirm.
      </p>
      <div className="row">
        <button type="button" className="primary" onClick={() => actions().answerNotificationPrompt(true)}>
          Allow notifications
        </button>
        <button type="button" onClick={() => actions().answerNotificationPrompt(false)}>
          Not now
        </button>
      </div>
    </section>
  )
}
