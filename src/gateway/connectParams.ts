/**
 * Builds the `connect` request for one attempt: which credential to present and the signed device
 * proof. The role always comes from the caller (the user's choice) — never from the credential.
 */
import type { DeviceIdentity } from './identity'
import { PROTOCOL_VERSION, type ConnectChallenge, type Role } from './protocol'
import { buildV3Payload } from './signature'
import type { Credentials, GatewayVault } from './vault'

/**
 * NOTE: the protocol doc's verified table: browser identities (`openclaw-control-ui`, `webchat-ui`,
 * mode `webchat`) paired by a QR bootstrap token get a device token the gateway refuses on the next
 * connect. `webchat`/`ui` is the plain identity that pairs by QR and reconnects. platform and
 * deviceFamily are pinned at pairing, so they stay constant: "web" and absent.
 */
export const CLIENT_IDENTITY = { id: 'webchat', mode: 'ui', platform: 'web' } as const

export type CredentialSource = 'device-token' | 'bootstrap-token' | 'shared-token' | 'shared-password'

export type ChosenCredential = {
  source: CredentialSource
  auth: { deviceToken: string } | { bootstrapToken: string } | { token: string } | { password: string }
  /** The value the v3 signature covers: auth.token ?? auth.deviceToken ?? auth.bootstrapToken ?? "". */
  signedToken: string
  scopes: string[]
  /** The gateway address the credential is bound to: the socket sends it to no other (GatewaySocket.sendBound). */
  address: string
}

/**
 * For the gateway at `address` (gatewayAddress of the socket's URL): its stored device token for
 * the role → else its bootstrap token → else the shared secret the user typed for it. A credential
 * bound to another address, or to none, is never chosen: a token goes back only where it came from.
 */
export function chooseCredential(credentials: Credentials, role: Role, wantedScopes: readonly string[], address: string): ChosenCredential | null {
  const stored = credentials.deviceTokens[role]
  if (stored && stored.address === address) {
    // Reconnect with scopes the token covers; the gateway refuses a request wider than the token.
    const scopes = wantedScopes.filter((scope) => stored.scopes.includes(scope))
    return { source: 'device-token', auth: { deviceToken: stored.token }, signedToken: stored.token, scopes, address }
  }
  const scopes = [...wantedScopes]
  const bootstrap = credentials.bootstrap
  if (bootstrap?.addresses?.includes(address)) {
    return { source: 'bootstrap-token', auth: { bootstrapToken: bootstrap.token }, signedToken: bootstrap.token, scopes, address }
  }
  const shared = credentials.shared
  if (!shared?.addresses?.includes(address)) return null
  if ('token' in shared) return { source: 'shared-token', auth: { token: shared.token }, signedToken: shared.token, scopes, address }
  return { source: 'shared-password', auth: { password: shared.password }, signedToken: '', scopes, address }
}

export type ClientInfo = { version: string; displayName?: string; locale?: string; userAgent?: string }

export type ConnectExtras = { caps?: string[]; commands?: string[]; permissions?: Record<string, boolean> }

export async function buildConnectParams(input: {
  challenge: ConnectChallenge
  identity: DeviceIdentity
  role: Role
  credential: ChosenCredential
  clientInfo: ClientInfo
  extras?: ConnectExtras
}): Promise<Record<string, unknown>> {
  const { challenge, identity, role, credential, clientInfo, extras } = input
  const signature = await identity.sign(
    buildV3Payload({
      deviceId: identity.deviceId,
      clientId: CLIENT_IDENTITY.id,
      clientMode: CLIENT_IDENTITY.mode,
      role,
      scopes: credential.scopes,
      signedAtMs: challenge.ts,
      token: credential.signedToken,
      nonce: challenge.nonce,
      platform: CLIENT_IDENTITY.platform,
    }),
  )
  return {
    minProtocol: PROTOCOL_VERSION,
    maxProtocol: PROTOCOL_VERSION,
    client: {
      id: CLIENT_IDENTITY.id,
      mode: CLIENT_IDENTITY.mode,
      platform: CLIENT_IDENTITY.platform,
      version: clientInfo.version,
      ...(clientInfo.displayName ? { displayName: clientInfo.displayName } : {}),
    },
    role,
    scopes: credential.scopes,
    caps: extras?.caps ?? [],
    ...(role === 'node' && extras?.commands ? { commands: extras.commands } : {}),
    ...(role === 'node' && extras?.permissions ? { permissions: extras.permissions } : {}),
    auth: credential.auth,
    device: {
      id: identity.deviceId,
      publicKey: identity.publicKey,
      signature,
      signedAt: challenge.ts,
      nonce: challenge.nonce.trim(),
    },
    ...(clientInfo.locale ? { locale: clientInfo.locale } : {}),
    ...(clientInfo.userAgent ? { userAgent: clientInfo.userAgent } : {}),
  }
}

/**
 * What one attempt's `connect` request carries: the credential to present, read from the vault,
 * and the signed params. Null when the vault holds no credential for the role.
 */
export async function prepareConnect(input: {
  vault: GatewayVault
  identity: DeviceIdentity
  challenge: ConnectChallenge
  role: Role
  scopes: readonly string[]
  /** The address of the socket the connect goes out on. */
  address: string
  clientInfo: ClientInfo
  extras?: ConnectExtras
}): Promise<{ credential: ChosenCredential; params: Record<string, unknown> } | null> {
  const { vault, scopes, address, ...rest } = input
  const credential = chooseCredential(await vault.loadCredentials(), input.role, scopes, address)
  if (!credential) return null
  return { credential, params: await buildConnectParams({ ...rest, credential }) }
}
