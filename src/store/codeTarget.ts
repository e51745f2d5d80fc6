/**
 * Whether a setup code (or a typed address) scanned for a saved gateway ("Scan a new code", "Add
 * Node role") leads to that gateway. Only an address the gateway is already known by counts: a new
 * address is never merged into the saved gateway silently, because its device tokens, queued
 * messages and history would then go to whoever answers there (issue 19, item 1).
 */
import { gatewayAddress } from '../gateway'
import type { GatewayRecord } from './gatewayRecords'

export type CodeTarget =
  /** The code names this gateway: pair over the addresses it is already known by (and only those). */
  | { kind: 'same'; urls: string[] }
  /** None of the code's addresses is one this gateway is known by: ask the user. */
  | { kind: 'different' }

/** Every address a saved gateway is known by: where it answered, and every address it was paired over. */
export function knownAddresses(record: Pick<GatewayRecord, 'url' | 'candidateUrls'>): string[] {
  return [...new Set([record.url, ...record.candidateUrls].map(gatewayAddress))]
}

export function decideCodeTarget(record: Pick<GatewayRecord, 'url' | 'candidateUrls'>, codeUrls: readonly string[]): CodeTarget {
  const known = knownAddresses(record)
  const urls = codeUrls.filter((url) => known.includes(gatewayAddress(url)))
  return urls.length > 0 ? { kind: 'same', urls } : { kind: 'different' }
}
