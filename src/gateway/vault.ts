/**
 * The port through which the gateway client reads and writes one gateway's secrets. The store
 * implements it over IndexedDB; the client never knows where things are kept.
 */
import type { StoredIdentity } from './identity'
import type { Role } from './protocol'

export type DeviceTokenRecord = { token: string; scopes: string[]; issuedAtMs?: number; savedAtMs: number }
export type BootstrapTokenRecord = { token: string; expiresAtMs?: number }
export type SharedSecret = { token: string } | { password: string }

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
}
