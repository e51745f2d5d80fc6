/**
 * The browser as an OpenClaw node: the commands it offers, their handlers (browser features
 * injected), and the dispatcher that answers `node.invoke.request`. No React, no store in here.
 */
export {
  browserNodeApis,
  type CameraApi,
  type CameraStill,
  type GeolocationApi,
  type NodeBrowserApis,
  type NotificationApi,
  type NotificationPermissionState,
} from './browserApis'
export type { AskConsent, ConsentRequest } from './consentAsk'
export {
  type ConsentAnswer,
  type ConsentKind,
  consentKindOf,
  decideConsent,
  grantUntil,
  isAllowed,
  isCommandSwitchedOn,
  isGrantLive,
  LOCATION_GRANT_MS,
  OPT_IN_COMMANDS,
  withCommandSwitch,
} from './consentPolicy'
export { InvokeDispatcher, type InvocationEnd, type InvocationStart } from './dispatcher'
export { createNodeHandlers, type HandlerOptions } from './handlers'
export { allowCommandLine, commandsNeedingAllow, WEB_DEFAULT_ALLOWED } from './commandPolicy'
export { isNodeCommand, NODE_CAPS, NODE_COMMANDS, type NodeCommand } from './nodeCommands'
export { NodeCommandError, NodeErrorCode } from './nodeErrors'
export { attachNodeInvoker } from './nodeInvoker'
export {
  NODE_INVOKE_CANCEL_EVENT,
  NODE_INVOKE_REQUEST_EVENT,
  NODE_PAIR_RESOLVED_EVENT,
  NodeDescription,
  NodePairResolved,
  type InvokeError,
  type InvokeOutcome,
} from './nodeProtocol'
export type { NotificationRequest } from './notify'
