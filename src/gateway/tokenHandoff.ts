/**
 * Keeps every device token a `hello-ok` hands out, each under its own role, and only then retires
 * the bootstrap token: if the app dies between the two writes, the next start still has a credential.
 */
import type { ChosenCredential } from './connectParams'
import { Role, type HelloOk } from './protocol'
import type { GatewayVault } from './vault'

export async function persistHelloTokens(
  vault: GatewayVault,
  role: Role,
  hello: HelloOk,
  credential: ChosenCredential,
): Promise<void> {
  const auth = hello.auth
  if (!auth) return
  const now = Date.now()
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
    })
    if (extraRole.data === role) savedForRole = true
  }
  if (credential.source === 'bootstrap-token' && savedForRole) await vault.deleteBootstrapToken()
}
