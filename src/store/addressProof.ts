/**
 * "Same gateway, new address": before a saved gateway's device tokens, queued messages or history
 * go to an address it is not known by, the gateway there must prove it is the same one. The proof
 * needs no secret of ours to leave the device: we connect to the new address with the new setup
 * code's bootstrap token and this gateway's device key, and nothing else (an in-memory vault that
 * holds only that token). The gateway that paired this device hands back the device token it issued
 * before (it reuses a valid token: `ensureDeviceToken` in the gateway's device pairing); only it
 * can know that token, so getting it back is the proof. Any other gateway answers with a pairing
 * request or a new token, and the saved gateway stays as it was.
 *
 * NOTE: the v3 signature covers no gateway identity, so a relay in front of the real gateway (a
 * proxy, legitimate or not) passes this proof, as it passes any the protocol allows.
 */
import { GatewayClient, gatewayAddress, type Credentials, type DeviceTokenRecord, type GatewayVault, type Role } from '../gateway'
import type { GatewayRecord } from './gatewayRecords'
import type { StoreDeps } from './store'
import { createGatewayVault, updateSecrets } from './vaultStorage'

export const ADDRESS_PROOF_TIMEOUT_MS = 20_000

export type AddressProof = { proven: true } | { proven: false; reason: 'not-paired-here' | 'other-token' | 'no-token-to-compare' | 'refused' | 'timeout' }

/** The role whose stored token can prove it, and that token: the first role with a token bound to a known address. */
function proofToken(record: GatewayRecord, credentials: Credentials, known: readonly string[]): { role: Role; stored: DeviceTokenRecord } | null {
  for (const role of [record.role, ...(record.roles ?? [])]) {
    const stored = credentials.deviceTokens[role]
    if (stored?.address !== undefined && known.includes(stored.address)) return { role, stored }
  }
  return null
}

export async function proveSameGateway(input: {
  deps: StoreDeps
  record: GatewayRecord
  knownAddresses: readonly string[]
  url: string
  bootstrapToken: string
  timeoutMs?: number
}): Promise<AddressProof> {
  const { deps, record, url, bootstrapToken } = input
  const saved = createGatewayVault(record.id)
  const [identity, credentials] = await Promise.all([saved.loadIdentity(), saved.loadCredentials()])
  const proof = identity ? proofToken(record, credentials, input.knownAddresses) : null
  if (!identity || !proof) return { proven: false, reason: 'no-token-to-compare' }
  let handedBack: string | undefined
  // Only the new code's token, bound to the new address; tokens land here, never in the saved vault.
  const probeVault: GatewayVault = {
    loadIdentity: async () => identity,
    saveIdentity: async () => {},
    loadCredentials: async () => ({ deviceTokens: {}, bootstrap: { token: bootstrapToken, addresses: [gatewayAddress(url)] } }),
    saveDeviceToken: async (role, token) => {
      if (role === proof.role) handedBack = token.token
    },
    deleteDeviceToken: async () => {},
    deleteBootstrapToken: async () => {},
    deleteSharedSecret: async () => {},
  }
  const client = new GatewayClient({
    url,
    role: proof.role,
    vault: probeVault,
    scopes: proof.stored.scopes,
    clientInfo: { version: deps.appVersion, displayName: record.deviceName },
    socketFactory: deps.socketFactory,
    environment: deps.environment,
  })
  try {
    return await new Promise<AddressProof>((resolve) => {
      const timer = setTimeout(() => resolve({ proven: false, reason: 'timeout' }), input.timeoutMs ?? ADDRESS_PROOF_TIMEOUT_MS)
      const settle = (result: AddressProof) => {
        clearTimeout(timer)
        resolve(result)
      }
      client.onStatus((status) => {
        if (status.phase === 'connected') settle(handedBack === proof.stored.token ? { proven: true } : { proven: false, reason: 'other-token' })
        else if (status.phase === 'waiting-approval') settle({ proven: false, reason: 'not-paired-here' })
        else if (status.phase === 'needs-user') settle({ proven: false, reason: 'refused' })
      })
      client.start()
    })
  } finally {
    await client.shutdown()
  }
}

/** After a proof: every device token bound to one of the gateway's old addresses is bound to the proven one. */
export async function moveProvenTokens(gatewayId: string, from: readonly string[], to: string): Promise<void> {
  await updateSecrets(gatewayId, ({ deviceTokens, ...rest }) => ({
    ...rest,
    deviceTokens: Object.fromEntries(
      Object.entries(deviceTokens).map(([role, token]) => [
        role,
        token?.address !== undefined && from.includes(token.address) ? { ...token, address: to } : token,
      ]),
    ),
  }))
}
