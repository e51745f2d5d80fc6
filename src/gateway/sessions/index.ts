/**
 * Sessions, models, commands and tool activity on the wire: schemas only. A folder of its own so
 * that only the lazy chunks that call these methods (store/sessionsWire.ts, the chat-depth chunks)
 * pull it in; the first screen needs none of it.
 */
export * from './sessionsProtocol'
