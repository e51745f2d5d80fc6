/**
 * The saved gateways: where each one is, what the user called it, and the roles the user chose for
 * it. No secrets here (they live in the vault). Versioned and parsed with zod on load.
 *
 * NOTE: a gateway may hold both roles. `role` stays the one chosen at pairing (the gateway opens in
 * it; its status is the gateway's status) and `roles`, when present, lists every role. Both new
 * fields are optional, so v1 records written before them still parse as they are.
 */
import { createStore, del, entries, set, type UseStore } from 'idb-keyval'
import * as z from 'zod/mini'
import { Role } from '../gateway'
import { reportDroppedRecord } from './diagnostics'

const gatewaysDb: UseStore = createStore('openclaw-companion-gateways', 'gateways')

export const GatewayRecord = z.object({
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
      reportDroppedRecord('gateway', parsed.error)
      await del(key, gatewaysDb)
    }
  }
  return records.sort((a, b) => a.createdAtMs - b.createdAtMs)
}

export async function saveGatewayRecord(record: GatewayRecord): Promise<void> {
  await set(record.id, GatewayRecord.parse(record), gatewaysDb)
}

export function deleteGatewayRecord(id: string): Promise<void> {
  return del(id, gatewaysDb)
}
