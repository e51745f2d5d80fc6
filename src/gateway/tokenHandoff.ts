/**
 * Token hand-offs. Keeps every device token a `hello-ok` hands out, each under its own role and
 * bound to the address of the socket it came on, and only then retires the bootstrap token and the
 * typed shared secret: if the app dies between the writes, the next start still has a credential.
 * Forgets a device token the gateway refused.
 */
import { chooseCredential, type ChosenCredential } from './connectParams'
import { Role, type HelloOk } from './protocol'
import type { GatewayVault } from './vault'

export async function persistHelloTokens(vault: GatewayVault, role: Role, hello: HelloOk, credential: ChosenCredential): Promise<void> {
  const auth = hello.auth
  if (!auth) return
  const now = Date.now()
  const address = credential.address
  let savedForRole = false
  if (auth.deviceToken) {
    const reused = credential.source === 'device-token' && 'deviceToken' in credential.auth && credential.auth.deviceToken === auth.deviceToken
    // NOTE: when the gateway echoes the token we sent, keep the scopes we stored with it (protocol doc §10.2).
    const existing = reused ? (await vault.loadCredentials()).deviceTokens[role] : undefined
    await vault.saveDeviceToken(role, {
      token: auth.deviceToken,
      scopes: existing?.scopes ?? auth.scopes,
      issuedAtMs: auth.issuedAtMs,
      savedAtMs: now,
      address,
    })
    savedForRole = true
  }
  for (const extra of auth.deviceTokens ?? []) {
    const extraRole = Role.safeParse(extra.role)
    if (!extraRole.success) continue
    await vault.saveDeviceToken(extraRole.data, {
      token: extra.deviceToken,
      scopes: extra.scopes,
      issuedAtMs: extra.issuedAtMs,
      savedAtMs: now,
      address,
    })
    if (extraRole.data === role) savedForRole = true
  }
  if (!savedForRole) return
  if (credential.source === 'bootstrap-token') await vault.deleteBootstrapToken()
  // NOTE: a typed token or password could pair this device again without anyone's consent after its
  // device token is revoked; once the device token exists it is not kept (issue 19, item 6).
  if (credential.source === 'shared-token' || credential.source === 'shared-password') await vault.deleteSharedSecret()
}

/** Forgets the device token the gateway refused for `role`; returns the credential to fall back on, if any. */
export async function dropRefusedDeviceToken(vault: GatewayVault, role: Role, scopes: readonly string[], address: string): Promise<ChosenCredential | null> {
  try {
    await vault.deleteDeviceToken(role)
    return chooseCredential(await vault.loadCredentials(), role, scopes, address)
  } catch {
    // Storage failed; the user still has to be told, and the refused token is skipped anyway.
    return null
  }
}
