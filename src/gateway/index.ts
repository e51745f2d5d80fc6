/**
 * The gateway layer's public surface: the protocol client, its status and failure types, device
 * identity, and the vault port the store implements. No React, no zustand, no IndexedDB in here.
 */
export { GatewayClient, type GatewayClientOptions } from './client'
export type { ConnectionStatus, Diagnostic } from './connectionStatus'
export type { SocketFactory, SocketLike } from './gatewaySocket'
export type { Problem, ProblemKind } from './failure'
export { GatewayDisconnectedError, GatewayRequestError, GatewayTimeoutError, RoleNotAllowedError } from './errors'
export { browserEnvironment, staticEnvironment, type Environment } from './environment'
export { createIdentity, identityFromStored, type DeviceIdentity, type StoredIdentity } from './identity'
export type { BootstrapTokenRecord, Credentials, DeviceTokenRecord, GatewayVault, SharedSecret } from './vault'
export { CLIENT_IDENTITY } from './connectParams'
export { gatewayAddress } from './gatewayAddress'
export { APPROVAL_SCOPES, APPROVALS_CAP, defaultScopesFor, holdsScope, isMethodAllowedForRole } from './roles'
export * from './protocol'
export { probeGatewayUrls, type ProbeResult } from './probe'
export { defaultTimers, type Timers } from './timers'
export { type ShareRecord, shareText } from './share'
