/**
 * The notification-permission question a node's `system.notify` asks the user: one at a time, shown
 * through the store's `notificationPrompt`, answered by the user's click.
 */
import type { StoreApi } from 'zustand/vanilla'
import type { NodeBrowserApis, NotificationPermissionState, NotificationRequest } from '../gateway/node'
import type { AppState } from './store'

export function createNotificationQuestion(store: StoreApi<AppState>, apis: () => NodeBrowserApis | undefined) {
  let pendingAnswer: ((permission: NotificationPermissionState) => void) | null = null

  return {
    /** Shows the question and waits for the user; a newer question (or the deadline) ends an older one. */
    ask(gatewayId: string, request: NotificationRequest, signal: AbortSignal): Promise<NotificationPermissionState> {
      pendingAnswer?.('default')
      return new Promise((resolve) => {
        const finish = (permission: NotificationPermissionState) => {
          if (pendingAnswer !== finish) return
          pendingAnswer = null
          resolve(permission)
        }
        pendingAnswer = finish
        store.setState({ notificationPrompt: { gatewayId, ...request } })
        // The prompt stays up after a timeout: the user can still allow notifications for next time.
        signal.addEventListener('abort', () => finish('default'), { once: true })
      })
    },

    answer(allow: boolean): void {
      const answer = pendingAnswer
      store.setState({ notificationPrompt: null })
      // The question only shows while a notify command runs, so the browser features are loaded.
      const notifications = apis()?.notifications
      if (!allow || !notifications) {
        answer?.('default')
        return
      }
      // NOTE: requestPermission runs inside the click that called us, which browsers insist on.
      void notifications.requestPermission().then(
        (permission) => answer?.(permission),
        () => answer?.('default'),
      )
    },

    /** Takes the question down when the node link of its gateway goes. */
    withdraw(gatewayId: string): void {
      if (store.getState().notificationPrompt?.gatewayId !== gatewayId) return
      pendingAnswer?.('default')
      store.setState({ notificationPrompt: null })
    },
  }
}
