/**
 * Command handlers that load on the first invocation. The handlers and the browser features behind
 * them (camera, geolocation, notifications) are their own chunk: most devices are never a node, and
 * those that are need them only once the agent asks. A failed load is retried on the next request.
 */
import type { CommandHandler } from './handler'
import { NODE_COMMANDS, type NodeCommand } from './nodeCommands'

export function lazyNodeHandlers(load: () => Promise<Record<NodeCommand, CommandHandler>>): Record<NodeCommand, CommandHandler> {
  let loading: Promise<Record<NodeCommand, CommandHandler>> | undefined
  const loaded = () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined
      throw error
    }))
  const handlers = {} as Record<NodeCommand, CommandHandler>
  for (const command of NODE_COMMANDS) handlers[command] = async (params, context) => (await loaded())[command](params, context)
  return handlers
}
