/**
 * Builds the `connect` request for one attempt: which credential to present and the signed device
 * proof. The role always comes from the caller (the user's choice) — never from the credential.
 */
import type { DeviceIdentity } from './identity'
import { PROTOCOL_VERSION, type ConnectChallenge, type Role } from './protocol'
import { buildV3Payload } from './signature'
import type { Credentials } from './vault'

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
}

export type CredentialOptions = {
  /** Skip the stored device token (it was just refused) and fall through to the next credential. */
  skipDeviceToken?: boolean
}

/** Stored device token for the role → else bootstrap token → else the shared secret the user typed. */
export function chooseCredential(
  credentials: Credentials,
  role: Role,
  wantedScopes: readonly string[],
  options: CredentialOptions = {},
): ChosenCredential | null {
  const stored = credentials.deviceTokens[role]
  if (stored && !options.skipDeviceToken) {
    // Reconnect with scopes the token covers; the gateway refuses a request wider than the token.
    const scopes = wantedScopes.filter((scope) => stored.scopes.includes(scope))
    return { source: 'device-token', auth: { deviceToken: stored.token }, signedToken: stored.token, scopes }
  }
  const scopes = [...wantedScopes]
  if (credentials.bootstrap) {
    const token = credentials.bootstrap.token
    return { source: 'bootstrap-token', auth: { bootstrapToken: token }, signedToken: token, scopes }
  }
  const shared = credentials.shared
  if (shared && 'token' in shared) {
    return { source: 'shared-token', auth: { token: shared.token }, signedToken: shared.token, scopes }
  }
  if (shared && 'password' in shared) {
    return { source: 'shared-password', auth: { password: shared.password }, signedToken: '', scopes }
  }
  return null
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
