/**
 * IndexedDB implementation of the gateway layer's vault port, one record per gateway in each of
 * two databases (secrets, identities). Every record is versioned and parsed with zod on load; a
 * record that does not parse is dropped with a diagnostic instead of being trusted.
 */
import { del, get, set, update, type UseStore } from 'idb-keyval'
import { openDatabase } from './databases'
import * as z from 'zod/mini'
import type { Credentials, GatewayVault, Role, StoredIdentity } from '../gateway'
import { keepAside } from './quarantine'

const secretsDb: UseStore = openDatabase('secrets')
const identitiesDb: UseStore = openDatabase('identities')

const DeviceTokenRecord = z.object({
  token: z.string().check(z.minLength(1)),
  scopes: z.array(z.string()),
  issuedAtMs: z.optional(z.number()),
  savedAtMs: z.number(),
  /** The gateway address that issued it (absent in records from before binding: see secretBinding.ts). */
  address: z.optional(z.string()),
})
const Addresses = z.optional(z.array(z.string()))

const SecretsRecord = z.looseObject({
  v: z.literal(1),
  deviceTokens: z.object({ operator: z.optional(DeviceTokenRecord), node: z.optional(DeviceTokenRecord) }),
  bootstrap: z.optional(z.object({ token: z.string().check(z.minLength(1)), expiresAtMs: z.optional(z.number()), addresses: Addresses })),
  shared: z.optional(
    z.union([
      z.object({ token: z.string().check(z.minLength(1)), addresses: Addresses }),
      z.object({ password: z.string().check(z.minLength(1)), addresses: Addresses }),
    ]),
  ),
})
export type SecretsRecord = z.infer<typeof SecretsRecord>

const isDeviceId = (value: string) => /^[0-9a-f]{64}$/.test(value)
const isCryptoKey = (value: unknown): value is CryptoKey => typeof CryptoKey !== 'undefined' && value instanceof CryptoKey

// A plain union: each member's literal `kind` tells them apart; z.discriminatedUnion would add 520 B gzip to the first screen.
const IdentityRecord = z.union([
  z.object({
    v: z.literal(1),
    kind: z.literal('webcrypto'),
    deviceId: z.string().check(z.refine(isDeviceId)),
    publicKey: z.string().check(z.minLength(1)),
    keyPair: z.object({ publicKey: z.custom<CryptoKey>(isCryptoKey), privateKey: z.custom<CryptoKey>(isCryptoKey) }),
    createdAtMs: z.number(),
  }),
  z.object({
    v: z.literal(1),
    kind: z.literal('noble'),
    deviceId: z.string().check(z.refine(isDeviceId)),
    publicKey: z.string().check(z.minLength(1)),
    seed: z.custom<Uint8Array>((value) => value instanceof Uint8Array && value.length === 32),
    createdAtMs: z.number(),
  }),
])

const EMPTY_SECRETS: SecretsRecord = { v: 1, deviceTokens: {} }

async function loadSecrets(gatewayId: string): Promise<SecretsRecord> {
  const raw = await get(gatewayId, secretsDb)
  if (raw === undefined) return EMPTY_SECRETS
  const parsed = SecretsRecord.safeParse(raw)
  if (parsed.success) return parsed.data
  await keepAside('secrets', gatewayId, raw, parsed.error, () => del(gatewayId, secretsDb))
  return EMPTY_SECRETS
}

/** Changes a gateway's stored secrets (an unreadable or missing record reads as none). */
export function updateSecrets(gatewayId: string, change: (record: SecretsRecord) => SecretsRecord): Promise<void> {
  return update(
    gatewayId,
    (raw) => {
      const parsed = SecretsRecord.safeParse(raw)
      return change(parsed.success ? parsed.data : EMPTY_SECRETS)
    },
    secretsDb,
  )
}

/** Writes the first credentials for a gateway the user has just confirmed. */
export async function saveInitialSecrets(
  gatewayId: string,
  secrets: { bootstrap?: SecretsRecord['bootstrap']; shared?: SecretsRecord['shared'] },
): Promise<void> {
  await updateSecrets(gatewayId, (record) => ({ ...record, ...secrets }))
}

export async function forgetVault(gatewayId: string): Promise<void> {
  await Promise.all([del(gatewayId, secretsDb), del(gatewayId, identitiesDb)])
}

export function createGatewayVault(gatewayId: string): GatewayVault {
  return {
    async loadIdentity() {
      const raw = await get(gatewayId, identitiesDb)
      if (raw === undefined) return null
      const parsed = IdentityRecord.safeParse(raw)
      if (parsed.success) return parsed.data as StoredIdentity
      await keepAside('identity', gatewayId, raw, parsed.error, () => del(gatewayId, identitiesDb))
      return null
    },
    saveIdentity: (identity) => set(gatewayId, identity, identitiesDb),
    async loadCredentials(): Promise<Credentials> {
      const { deviceTokens, bootstrap, shared } = await loadSecrets(gatewayId)
      return { deviceTokens, bootstrap, shared }
    },
    saveDeviceToken: (role: Role, record) => updateSecrets(gatewayId, (secrets) => ({ ...secrets, deviceTokens: { ...secrets.deviceTokens, [role]: record } })),
    deleteDeviceToken: (role: Role) =>
      updateSecrets(gatewayId, (secrets) => {
        const deviceTokens = { ...secrets.deviceTokens }
        delete deviceTokens[role]
        return { ...secrets, deviceTokens }
      }),
    deleteBootstrapToken: () => updateSecrets(gatewayId, ({ bootstrap: _dropped, ...rest }) => rest),
    deleteSharedSecret: () => updateSecrets(gatewayId, ({ shared: _dropped, ...rest }) => rest),
  }
}
