/**
 * The v3 device-auth payload the gateway verifies (protocol doc §5.2):
 * v3|deviceId|clientId|clientMode|role|scopesCsv|signedAtMs|token|nonce|platform|deviceFamily
 */
export type SignatureInput = {
  deviceId: string
  clientId: string
  clientMode: string
  role: string
  /** In the order sent in `connect.scopes`; the gateway does not sort them. */
  scopes: readonly string[]
  signedAtMs: number
  /** auth.token ?? auth.deviceToken ?? auth.bootstrapToken ?? "" — the same credential sent in `auth`. */
  token: string
  nonce: string
  platform?: string
  deviceFamily?: string
}

// NOTE: the gateway lowercases only ASCII A–Z here (not toLowerCase's full Unicode mapping).
function normalizeMetadata(value: string | undefined): string {
  return (value ?? '').trim().replace(/[A-Z]/g, (char) => char.toLowerCase())
}

export function buildV3Payload(input: SignatureInput): string {
  return [
    'v3',
    input.deviceId,
    input.clientId,
    input.clientMode,
    input.role,
    input.scopes.join(','),
    String(input.signedAtMs),
    input.token,
    input.nonce.trim(),
    normalizeMetadata(input.platform),
    normalizeMetadata(input.deviceFamily),
  ].join('|')
}
