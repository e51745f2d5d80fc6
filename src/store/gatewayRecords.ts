/**
 * The saved gateways: where each one is, what the user called it, and the roles the user chose for
 * it. No secrets here (they live in the vault). Versioned and parsed with zod on load.
 *
 * NOTE: a gateway may hold both roles. `role` stays the one chosen at pairing (the gateway opens in
 * it; its status is the gateway's status) and `roles`, when present, lists every role. Both new
 * fields are optional, so v1 records written before them still parse as they are.
 */
import { del, entries, get, set, type UseStore } from 'idb-keyval'
import { openDatabase } from './databases'
import * as z from 'zod/mini'
import { Role } from '../gateway'
import { keepAside } from './quarantine'

const gatewaysDb: UseStore = openDatabase('gateways')

// Loose: fields a newer version added survive this version's writes.
export const GatewayRecord = z.looseObject({
  v: z.literal(1),
  id: z.string().check(z.minLength(1)),
  /** The URL that answered last; tried first on every connect. */
  url: z.string().check(z.minLength(1)),
  /** Every URL the user gave or the setup code listed, in the order to try them. */
  candidateUrls: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
  label: z.string().check(z.minLength(1), z.maxLength(64)),
  deviceName: z.string().check(z.minLength(1), z.maxLength(64)),
  role: Role,
  createdAtMs: z.number(),
  /** Set once the gateway has accepted this device in its role. */
  pairedAtMs: z.optional(z.number()),
  /** Every role this device holds here (always including `role`); absent means just `role`. */
  roles: z.optional(z.array(Role).check(z.minLength(1))),
  /** The role the stored setup code was scanned for; another role's connection never uses it. */
  setupCodeRole: z.optional(Role),
  /** Node commands the user switched off on this device (answered with an error, never run). */
  nodeCommandsOff: z.optional(z.array(z.string())),
  /**
   * Camera and location commands the user switched on for this gateway. They are opt-in: a record
   * without this field (saved before it existed) has them off (consentPolicy.ts).
   */
  nodeCommandsOn: z.optional(z.array(z.string())),
})
export type GatewayRecord = z.infer<typeof GatewayRecord>

/** The roles of a gateway, its first role first. */
export function rolesOf(record: Pick<GatewayRecord, 'role' | 'roles'>): Role[] {
  return [record.role, ...(record.roles ?? []).filter((role) => role !== record.role)].filter((role, index, all) => all.indexOf(role) === index)
}

export async function loadGatewayRecords(): Promise<GatewayRecord[]> {
  const records: GatewayRecord[] = []
  for (const [key, raw] of await entries(gatewaysDb)) {
    const parsed = GatewayRecord.safeParse(raw)
    if (parsed.success) {
      records.push(parsed.data)
    } else {
      await keepAside('gateway', String(key), raw, parsed.error, () => del(key, gatewaysDb))
    }
  }
  return records.sort((a, b) => a.createdAtMs - b.createdAtMs)
}

export async function saveGatewayRecord(record: GatewayRecord): Promise<void> {
  await set(record.id, GatewayRecord.parse(record), gatewaysDb)
}

/** The gateway's record as saved now (another tab may have changed or forgotten it); undefined if none is readable. */
export async function loadGatewayRecord(id: string): Promise<GatewayRecord | undefined> {
  const parsed = GatewayRecord.safeParse(await get(id, gatewaysDb))
  return parsed.success ? parsed.data : undefined
}

export function deleteGatewayRecord(id: string): Promise<void> {
  return del(id, gatewaysDb)
}
