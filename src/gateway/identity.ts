/**
 * The device identity a gateway pairs with: an Ed25519 key pair, its id and its public key in the
 * exact encodings the gateway checks (protocol doc §5).
 *
 * WebCrypto Ed25519 is preferred because its private key can be non-extractable: IndexedDB keeps
 * the CryptoKey object, and no script (ours included) can read the key bytes. Where WebCrypto lacks
 * Ed25519, or `crypto.subtle` is missing (plain http on a LAN), a pure-JS fallback is loaded on
 * demand; its seed is necessarily readable, so it is used only when nothing better exists.
 */
import { toBase64Url, toHex } from './base64url'
import type { GatewayVault } from './vault'

export type StoredIdentity =
  | { v: 1; kind: 'webcrypto'; deviceId: string; publicKey: string; keyPair: CryptoKeyPair; createdAtMs: number }
  | { v: 1; kind: 'noble'; deviceId: string; publicKey: string; seed: Uint8Array; createdAtMs: number }

export interface DeviceIdentity {
  readonly deviceId: string
  /** Raw 32-byte public key, unpadded base64url. */
  readonly publicKey: string
  /** Ed25519 signature over the UTF-8 bytes of `payload`, unpadded base64url. */
  sign(payload: string): Promise<string>
}

const ED25519 = { name: 'Ed25519' } as const
const encoder = new TextEncoder()

function subtle(): SubtleCrypto | undefined {
  return globalThis.crypto?.subtle
}

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  const webCrypto = subtle()
  if (webCrypto) return new Uint8Array(await webCrypto.digest('SHA-256', bytes as BufferSource))
  const { sha256: pureSha256 } = await import('@noble/hashes/sha2.js')
  return pureSha256(bytes)
}

/** `device.id` = lowercase hex SHA-256 of the raw public key. */
export async function deviceIdFor(rawPublicKey: Uint8Array): Promise<string> {
  return toHex(await sha256(rawPublicKey))
}

async function loadNoble() {
  const ed = await import('@noble/ed25519')
  if (!subtle()) {
    // NOTE: noble's async API hashes with crypto.subtle; insecure contexts have none, so plug in a pure SHA-512.
    const { sha512 } = await import('@noble/hashes/sha2.js')
    ed.hashes.sha512 = sha512
    ed.hashes.sha512Async = async (message: Uint8Array) => sha512(message)
  }
  return ed
}

async function createWebCryptoIdentity(webCrypto: SubtleCrypto): Promise<StoredIdentity> {
  const keyPair = (await webCrypto.generateKey(ED25519, false, ['sign', 'verify'])) as CryptoKeyPair
  const raw = new Uint8Array(await webCrypto.exportKey('raw', keyPair.publicKey))
  return {
    v: 1,
    kind: 'webcrypto',
    deviceId: await deviceIdFor(raw),
    publicKey: toBase64Url(raw),
    keyPair,
    createdAtMs: Date.now(),
  }
}

/** Identity from a known 32-byte seed, with the pure-JS implementation (tests and the fallback). */
export async function nobleIdentityFromSeed(seed: Uint8Array): Promise<StoredIdentity> {
  const ed = await loadNoble()
  const raw = await ed.getPublicKeyAsync(seed)
  return { v: 1, kind: 'noble', deviceId: await deviceIdFor(raw), publicKey: toBase64Url(raw), seed, createdAtMs: Date.now() }
}

/** Makes a fresh identity: WebCrypto with a non-extractable key where possible, else the fallback. */
export async function createIdentity(): Promise<StoredIdentity> {
  const webCrypto = subtle()
  if (webCrypto) {
    try {
      return await createWebCryptoIdentity(webCrypto)
    } catch {
      // Ed25519 not supported by this browser's WebCrypto: fall through to the pure-JS implementation.
    }
  }
  const seed = new Uint8Array(32)
  globalThis.crypto.getRandomValues(seed)
  return nobleIdentityFromSeed(seed)
}

export function identityFromStored(stored: StoredIdentity): DeviceIdentity {
  const { deviceId, publicKey } = stored
  if (stored.kind === 'webcrypto') {
    const privateKey = stored.keyPair.privateKey
    return {
      deviceId,
      publicKey,
      async sign(payload) {
        const webCrypto = subtle()
        if (!webCrypto) throw new Error('WebCrypto is unavailable in this context')
        const signature = await webCrypto.sign(ED25519, privateKey, encoder.encode(payload))
        return toBase64Url(new Uint8Array(signature))
      },
    }
  }
  const seed = stored.seed
  return {
    deviceId,
    publicKey,
    async sign(payload) {
      const ed = await loadNoble()
      return toBase64Url(await ed.signAsync(encoder.encode(payload), seed))
    },
  }
}

/** The identity the vault keeps, made and saved on first use: the same device for every connect. */
export async function loadOrCreateIdentity(vault: GatewayVault): Promise<DeviceIdentity> {
  let stored = await vault.loadIdentity()
  if (!stored) {
    stored = await createIdentity()
    await vault.saveIdentity(stored)
  }
  return identityFromStored(stored)
}
