/**
 * The port through which the gateway client reads and writes one gateway's secrets. The store
 * implements it over IndexedDB; the client never knows where things are kept.
 */
import type { StoredIdentity } from './identity'
import type { Role } from './protocol'

/**
 * Every secret carries the gateway address(es) it belongs to (gatewayAddress.ts): a device token the
 * address of the socket whose hello-ok issued it, a bootstrap token the addresses its setup code
 * listed, a shared secret the address the user typed it for. A secret without one is sent nowhere.
 */
export type DeviceTokenRecord = { token: string; scopes: string[]; issuedAtMs?: number; savedAtMs: number; address?: string }
export type BootstrapTokenRecord = { token: string; expiresAtMs?: number; addresses?: string[] }
export type SharedSecret = ({ token: string } | { password: string }) & { addresses?: string[] }

export type Credentials = {
  deviceTokens: Partial<Record<Role, DeviceTokenRecord>>
  bootstrap?: BootstrapTokenRecord
  shared?: SharedSecret
}

export interface GatewayVault {
  loadIdentity(): Promise<StoredIdentity | null>
  saveIdentity(identity: StoredIdentity): Promise<void>
  loadCredentials(): Promise<Credentials>
  /** Must resolve only once the token is durably written: the bootstrap token is deleted after it. */
  saveDeviceToken(role: Role, record: DeviceTokenRecord): Promise<void>
  deleteDeviceToken(role: Role): Promise<void>
  deleteBootstrapToken(): Promise<void>
  /** The typed token or password is not kept once a device token replaces it (issue 19, item 6). */
  deleteSharedSecret(): Promise<void>
}
