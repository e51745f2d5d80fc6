/**
 * `system.notify` (the CLI's `nodes notify`): params `{title, body, sound?, priority?, delivery?}`.
 * `delivery: "overlay"` shows it inside the app only; "system" (the default) needs the browser's
 * notification permission, which is asked for — with the agent's first message as the reason —
 * the first time it is needed. An unanswered question fails the invocation in time, never hangs.
 */
import * as z from 'zod/mini'
import type { NodeBrowserApis, NotificationPermissionState } from './browserApis'
import { markedNotification } from './consentPolicy'
import { abortable, parseParams, withTimeout, type CommandHandler } from './handler'
import { NodeCommandError, NodeErrorCode } from './nodeErrors'

const NotifyParams = z.looseObject({
  title: z.optional(z.string()),
  body: z.optional(z.string()),
  sound: z.optional(z.string()),
  priority: z.optional(z.literal(['passive', 'active', 'timeSensitive'])),
  delivery: z.optional(z.literal(['system', 'overlay', 'auto'])),
})

/** Stop waiting for the user this long before the invocation's end, to answer with the real reason. */
const ANSWER_RESERVE_MS = 250

export type NotificationRequest = { title: string; body: string }

export type NotifyOptions = {
  /** The gateway's name as the user saved it: every message says it comes from that gateway's agent. */
  gatewayLabel(): string
  /** Explains why and asks (the app's prompt); resolves with the browser's answer, or "default" if dismissed. */
  askPermission(request: NotificationRequest, signal: AbortSignal): Promise<NotificationPermissionState>
  /** Shows the message inside the app. */
  showInApp(request: NotificationRequest): void
}

export function notifyHandler(apis: Pick<NodeBrowserApis, 'notifications'>, options: NotifyOptions): CommandHandler {
  return async (raw, context) => {
    const params = parseParams(NotifyParams, raw)
    const asked = { title: params.title?.trim() ?? '', body: params.body?.trim() ?? '' }
    if (!asked.title && !asked.body) throw new NodeCommandError(NodeErrorCode.InvalidRequest, 'empty notification')
    // Capped, and titled "Agent on <gateway>: …", so an agent cannot pass for the app, the system or another site.
    const request = markedNotification(asked, options.gatewayLabel())
    const delivery = params.delivery ?? 'system'
    const notifications = apis.notifications
    if (delivery === 'overlay' || (delivery === 'auto' && notifications?.permission() !== 'granted')) {
      options.showInApp(request)
      return { delivered: 'overlay' }
    }
    if (!notifications) throw new NodeCommandError(NodeErrorCode.Unavailable, 'this browser cannot show notifications')
    let permission = notifications.permission()
    if (permission === 'default') {
      const asked = withTimeout(options.askPermission(request, context.signal), context.remainingMs() - ANSWER_RESERVE_MS, () => 'default' as const)
      permission = await abortable(asked, context.signal)
    }
    if (permission !== 'granted') {
      throw new NodeCommandError(
        NodeErrorCode.NotificationsPermission,
        permission === 'denied' ? 'notifications are blocked for this app in the browser' : 'the user has not allowed notifications yet',
      )
    }
    await notifications.show(request.title, {
      ...(request.body ? { body: request.body } : {}),
      silent: params.priority === 'passive',
      requireInteraction: params.priority === 'timeSensitive',
    })
    return { delivered: 'system' }
  }
}
