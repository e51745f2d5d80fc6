// The page's side of push (the store reads and writes the registry). The payload parser, with its own
// zod schema, is the service worker's: it imports ./pushNotice directly, and no page chunk carries it.
export type { NoticeKind, NoticeTarget, PushNotice } from './pushNotice'
export { PUSH_DATABASE } from './pushDatabase'
export {
  badgeCount,
  gatewayIdOfScope,
  type NoticeTexts,
  type PushRecord,
  pushScopeOf,
  readPushRecord,
  waitingAfter,
} from './pushRegistry'
