/** The words for a connection's state, shared by the live region, the gateway list and the node view. */
import type { ConnectionStatus } from '../../gateway'
import { defineMessages, translate } from '../../i18n'

export const STATUS_TEXT = defineMessages('shell.status', {
  connected: 'Connected',
  waiting: 'Waiting for approval',
  reconnecting: 'Reconnecting',
  offline: 'Offline',
  needsUser: 'Needs attention',
  stopped: 'Stopped',
  connecting: 'Connecting',
  chatRole: 'Chat (operator)',
  nodeRole: 'Node',
})

/** The words the "Connection status" live region announces. */
export function statusLabel(status: ConnectionStatus | undefined): string {
  switch (status?.phase) {
    case 'connected':
      return translate(STATUS_TEXT, 'connected')
    case 'waiting-approval':
      return translate(STATUS_TEXT, 'waiting')
    case 'reconnecting':
      return translate(STATUS_TEXT, 'reconnecting')
    case 'offline':
      return translate(STATUS_TEXT, 'offline')
    case 'needs-user':
      return translate(STATUS_TEXT, 'needsUser')
    case 'stopped':
      return translate(STATUS_TEXT, 'stopped')
    default:
      return translate(STATUS_TEXT, 'connecting')
  }
}

/** A role as the user knows it. */
export const roleName = (role: string): string => translate(STATUS_TEXT, role === 'node' ? 'nodeRole' : 'chatRole')
