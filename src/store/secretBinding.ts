/**
 * Secrets stored before they carried the address of the gateway that issued them are bound, at
 * start-up (and when a gateway is saved), to the address their gateway's record connects to. Why
 * that one: the client has only ever sent them to the record's `url` (the only address it connects
 * to), so binding them there exposes them to nobody new. Once bound they stay bound: a record's
 * address changes only to one it is already known by (codeTarget.ts) or to one the gateway proved
 * to be its own (addressProof.ts), and only that proof moves its device tokens.
 *
 * A chunk of its own, loaded at start-up beside the client's: the first screen does not carry it. It
 * gets the vault's writer from its caller: a static import of vaultStorage made the bundler split the
 * first screen's chunk in three (+0.6 KB gzip, measured with npm run check:size).
 */
import { gatewayAddress } from '../gateway'
import type { GatewayRecord } from './gatewayRecords'
import type { updateSecrets } from './vaultStorage'

function bindTo(address: string) {
  const one = <T extends { address?: string }>(token: T | undefined): T | undefined => (token && token.address === undefined ? { ...token, address } : token)
  const all = <T extends { addresses?: string[] }>(secret: T | undefined): T | undefined =>
    secret && secret.addresses === undefined ? { ...secret, addresses: [address] } : secret
  return { one, all }
}

/** A write that fails leaves the secret unbound, and an unbound secret is sent nowhere: the gateway then asks to pair again. */
export async function bindUnboundSecrets(records: readonly GatewayRecord[], update: typeof updateSecrets): Promise<void> {
  const bindRecord = (record: GatewayRecord) => {
    const bind = bindTo(gatewayAddress(record.url))
    return update(record.id, ({ deviceTokens, bootstrap, shared, ...rest }) => ({
      ...rest,
      deviceTokens: Object.fromEntries(Object.entries(deviceTokens).map(([role, token]) => [role, bind.one(token)])),
      ...(bootstrap ? { bootstrap: bind.all(bootstrap) } : {}),
      ...(shared ? { shared: bind.all(shared) } : {}),
    }))
  }
  await Promise.all(records.map((record) => bindRecord(record).catch(() => undefined)))
}
