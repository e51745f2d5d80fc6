// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { fromBase64Url, toBase64Url, toHex } from './base64url'
import { deviceIdFor, identityFromStored, nobleIdentityFromSeed, type StoredIdentity } from './identity'
import { buildV3Payload } from './signature'

// Protocol doc §5.3: computed with the gateway package's own builder and verifier (RFC 8032 test 1 seed).
const VECTOR = {
  seedHex: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
  publicKeyHex: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
  publicKey: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
  deviceId: '21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9',
  payload:
    'v3|21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9|openclaw-control-ui|webchat|operator|operator.read,operator.write|1737264000000|tok_example|8f14e45f-ceea-4e7a-9b1c-3d2a0f6b5e11|macintel|',
  signature: 'WAXtTgF7vSDPX4etFsgQwtDrXNpP6uDcixOLfGMBpCr_YojRU7ZoVE5HNlA5iWJ9F2x5T-DqMqXfryFagRa-DA',
}

const seed = Uint8Array.from(VECTOR.seedHex.match(/../g) ?? [], (pair) => parseInt(pair, 16))

function vectorPayload(): string {
  return buildV3Payload({
    deviceId: VECTOR.deviceId,
    clientId: 'openclaw-control-ui',
    clientMode: 'webchat',
    role: 'operator',
    scopes: ['operator.read', 'operator.write'],
    signedAtMs: 1737264000000,
    token: 'tok_example',
    nonce: '8f14e45f-ceea-4e7a-9b1c-3d2a0f6b5e11',
    platform: 'MacIntel',
  })
}

async function webCryptoIdentityFromSeed(): Promise<StoredIdentity> {
  // PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410): fixed 16-byte prefix + the 32-byte seed.
  const prefix = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20])
  const pkcs8 = new Uint8Array([...prefix, ...seed])
  const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign'])
  const publicKey = await crypto.subtle.importKey('raw', fromBase64Url(VECTOR.publicKey) as BufferSource, { name: 'Ed25519' }, true, ['verify'])
  return { v: 1, kind: 'webcrypto', deviceId: VECTOR.deviceId, publicKey: VECTOR.publicKey, keyPair: { privateKey, publicKey }, createdAtMs: 0 }
}

describe('device signature (protocol doc §5.3 test vector)', () => {
  it('builds the v3 payload byte for byte', () => {
    expect(vectorPayload()).toBe(VECTOR.payload)
  })

  it('derives device id and public key encodings from the raw key', async () => {
    const raw = fromBase64Url(VECTOR.publicKey)
    expect(toHex(raw)).toBe(VECTOR.publicKeyHex)
    expect(toBase64Url(raw)).toBe(VECTOR.publicKey)
    expect(await deviceIdFor(raw)).toBe(VECTOR.deviceId)
  })

  it('signs with WebCrypto Ed25519 exactly as the gateway expects', async () => {
    const identity = identityFromStored(await webCryptoIdentityFromSeed())
    expect(await identity.sign(vectorPayload())).toBe(VECTOR.signature)
  })

  it('signs identically with the pure-JS fallback', async () => {
    const stored = await nobleIdentityFromSeed(seed)
    expect(stored.publicKey).toBe(VECTOR.publicKey)
    expect(stored.deviceId).toBe(VECTOR.deviceId)
    expect(await identityFromStored(stored).sign(vectorPayload())).toBe(VECTOR.signature)
  })

  it('normalizes platform like the gateway: trim and ASCII-only lowercase', () => {
    const payload = buildV3Payload({
      deviceId: 'd',
      clientId: 'webchat',
      clientMode: 'ui',
      role: 'node',
      scopes: [],
      signedAtMs: 1,
      token: '',
      nonce: ' n ',
      platform: '  WeB  ',
      deviceFamily: 'İPad',
    })
    expect(payload).toBe('v3|d|webchat|ui|node||1||n|web|İpad')
  })
})
