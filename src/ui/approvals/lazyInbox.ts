/**
 * The Requests inbox, loaded (one chunk, with its text) once an operator link is up: the first screen
 * carries only this loader. With `countOf` it draws only that gateway's count, for the gateway list.
 */
import { lazyScreen } from '../useText'

export const ApprovalsInbox = lazyScreen('approvals', () => import('./ApprovalsInbox').then((module) => module.ApprovalsInbox))
