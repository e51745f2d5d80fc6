/**
 * What the store loads at start-up while IndexedDB reads the records, as one chunk: the gateway
 * client, the vault it reads, and the one-off binding of secrets stored before they carried their gateway's address.
 */
export { GatewayClient } from '../gateway/client'
export { bindUnboundSecrets } from './secretBinding'
// The vault is read and written only by clients, pairing and forgetting: none of it before this chunk is here.
export { createGatewayVault, forgetVault, updateSecrets } from './vaultStorage'
// Older gateways' untagged history (untaggedHistory.ts): registered here, where every client start loads it.
import { setUntaggedMatch } from './chatHistoryLoader'
import { untaggedMatcher } from './untaggedHistory'

setUntaggedMatch(untaggedMatcher)
