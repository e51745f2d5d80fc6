/**
 * A Web Push service on loopback, real where it matters: HTTPS (a self-signed certificate the test
 * gateway's Node trusts through NODE_EXTRA_CA_CERTS), the VAPID check a real push service makes
 * (RFC 8292: the JWT is signed by the key the subscription was made with, for this origin), and the
 * message decrypted with the subscription's own keys (RFC 8291, aes128gcm). Chromium here cannot
 * reach a vendor's push service, so tests make subscriptions here (see e2e/pushBrowser.ts) and hand
 * what arrives to the browser's service worker over CDP.
 */
import { execFileSync } from 'node:child_process'
import { createECDH, createPublicKey, hkdfSync, createDecipheriv, randomBytes, verify, type ECDH } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import https from 'node:https'
import os from 'node:os'
import path from 'node:path'

export type PushSubscriptionKeys = { endpoint: string; p256dh: string; auth: string; applicationServerKey: string }

/** What the service received for a subscription: the decrypted payload, or why it refused. */
export type ReceivedPush = { scope: string; endpoint: string; status: number; payload?: string; refusal?: string }

type Subscription = PushSubscriptionKeys & { scope: string; ecdh: ECDH; authSecret: Buffer; gone: boolean }

const b64url = (bytes: Buffer | Uint8Array) => Buffer.from(bytes).toString('base64url')

/** RFC 8291 + RFC 8188 (one record, as every Web Push message is): the plaintext of `body` for this subscription. */
export function decryptAes128gcm(body: Buffer, ecdh: ECDH, authSecret: Buffer): string {
  const salt = body.subarray(0, 16)
  const idLength = body[20]!
  const senderKey = body.subarray(21, 21 + idLength)
  const ciphertext = body.subarray(21 + idLength)
  const secret = ecdh.computeSecret(senderKey)
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), senderKey])
  const ikm = Buffer.from(hkdfSync('sha256', secret, authSecret, keyInfo, 32))
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16))
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12))
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce)
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16))
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()])
  // The last record ends with the delimiter 0x02 and any zero padding.
  let end = padded.length - 1
  while (end >= 0 && padded[end] === 0) end -= 1
  if (padded[end] !== 2) throw new Error('no last-record delimiter')
  return padded.subarray(0, end).toString('utf8')
}

/** RFC 8292: `vapid t=<jwt>, k=<key>`, the JWT signed (ES256) by `k` for `audience`. Returns why not, or null. */
export function vapidRefusal(header: string | undefined, expectedKey: string, audience: string): string | null {
  const match = header?.match(/^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/)
  if (!match) return 'no VAPID authorization'
  const [, token, key] = match
  if (key !== expectedKey) return 'VAPID key does not match the subscription'
  const [head, claims, signature] = token!.split('.')
  if (!head || !claims || !signature) return 'malformed JWT'
  const point = Buffer.from(key!, 'base64url')
  const publicKey = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33, 65)) }, format: 'jwk' })
  const isSigned = verify('sha256', Buffer.from(`${head}.${claims}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))
  if (!isSigned) return 'bad JWT signature'
  const body = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as { aud?: string; exp?: number }
  if (body.aud !== audience) return `JWT audience ${body.aud} is not ${audience}`
  if (!body.exp || body.exp * 1000 < Date.now()) return 'JWT expired'
  return null
}

export class PushService {
  readonly received: ReceivedPush[] = []
  private readonly subscriptions = new Map<string, Subscription>()
  private waiters: Array<() => void> = []
  private next = 0

  private constructor(
    private readonly server: https.Server,
    readonly origin: string,
    /** The certificate (PEM) to trust: pass as NODE_EXTRA_CA_CERTS to the gateway. */
    readonly certPath: string,
    private readonly dir: string,
  ) {}

  static async start(): Promise<PushService> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'push-service-'))
    const keyPath = path.join(dir, 'key.pem')
    const certPath = path.join(dir, 'cert.pem')
    // NOTE: Node cannot make a certificate by itself; openssl is on every machine that has git's TLS.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        keyPath,
        '-out',
        certPath,
      ],
      { stdio: 'ignore' },
    )
    const [key, cert] = await Promise.all([readFile(keyPath), readFile(certPath)])
    let service: PushService | undefined
    const server = https.createServer({ key, cert }, (request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', () => {
        const status = service!.deliver(request, Buffer.concat(chunks))
        response.writeHead(status).end()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    service = new PushService(server, `https://127.0.0.1:${port}`, certPath, dir)
    return service
  }

  /** A new subscription for a service-worker registration `scope`, as the browser's PushManager.subscribe makes it. */
  subscribe(scope: string, applicationServerKey: string): PushSubscriptionKeys {
    const ecdh = createECDH('prime256v1')
    ecdh.generateKeys()
    const authSecret = randomBytes(16)
    const endpoint = `${this.origin}/push/${++this.next}`
    const subscription: Subscription = {
      endpoint,
      p256dh: b64url(ecdh.getPublicKey()),
      auth: b64url(authSecret),
      applicationServerKey,
      scope,
      ecdh,
      authSecret,
      gone: false,
    }
    // One subscription per registration: a new one replaces (and ends) the old.
    for (const old of this.subscriptions.values()) if (old.scope === scope) old.gone = true
    this.subscriptions.set(endpoint, subscription)
    return this.keysOf(subscription)
  }

  /** The registration's live subscription, as PushManager.getSubscription returns it. */
  current(scope: string): PushSubscriptionKeys | null {
    const found = [...this.subscriptions.values()].find((subscription) => subscription.scope === scope && !subscription.gone)
    return found ? this.keysOf(found) : null
  }

  /** The scopes with a live subscription, oldest first. */
  liveScopes(): string[] {
    return [...new Set([...this.subscriptions.values()].filter((subscription) => !subscription.gone).map((subscription) => subscription.scope))]
  }

  /** PushSubscription.unsubscribe: the endpoint is gone (the service answers 410 from now on). */
  unsubscribe(scope: string): boolean {
    const found = [...this.subscriptions.values()].filter((subscription) => subscription.scope === scope && !subscription.gone)
    for (const subscription of found) subscription.gone = true
    return found.length > 0
  }

  /** Waits for a push the service accepted and decrypted for `scope` whose payload passes `matches`. */
  async nextPush(scope: string, matches: (payload: string) => boolean = () => true, timeoutMs = 60_000): Promise<string> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = this.received.find((push) => push.scope === scope && push.payload !== undefined && matches(push.payload))
      if (found) return found.payload!
      if (Date.now() > deadline) throw new Error(`no push for ${scope} within ${timeoutMs} ms; received: ${JSON.stringify(this.received)}`)
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve)
        setTimeout(resolve, 250)
      })
    }
  }

  async dispose(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
    await rm(this.dir, { recursive: true, force: true })
  }

  private keysOf(subscription: Subscription): PushSubscriptionKeys {
    const { endpoint, p256dh, auth, applicationServerKey } = subscription
    return { endpoint, p256dh, auth, applicationServerKey }
  }

  private deliver(request: import('node:http').IncomingMessage, body: Buffer): number {
    const endpoint = `${this.origin}${request.url}`
    const subscription = this.subscriptions.get(endpoint)
    const record = (push: Omit<ReceivedPush, 'endpoint' | 'scope'>) => {
      this.received.push({ scope: subscription?.scope ?? '', endpoint, ...push })
      for (const wake of this.waiters.splice(0)) wake()
      return push.status
    }
    if (request.method !== 'POST') return record({ status: 405, refusal: request.method })
    if (!subscription) return record({ status: 404, refusal: 'no such subscription' })
    if (subscription.gone) return record({ status: 410, refusal: 'unsubscribed' })
    const refusal = vapidRefusal(request.headers.authorization, subscription.applicationServerKey, this.origin)
    if (refusal) return record({ status: 403, refusal })
    if (request.headers['content-encoding'] !== 'aes128gcm') return record({ status: 415, refusal: `content-encoding ${request.headers['content-encoding']}` })
    try {
      return record({ status: 201, payload: decryptAes128gcm(body, subscription.ecdh, subscription.authSecret) })
    } catch (error) {
      return record({ status: 400, refusal: `cannot decrypt: ${(error as Error).message}` })
    }
  }
}
