/**
 * A loopback TCP proxy that breaks things on purpose: every connection it accepts is piped to the
 * gateway and then destroyed after a random 0.3–3 s, mid-handshake or mid-stream alike. The
 * lifetimes come from a seeded generator, so a failing run can be replayed with the same seed
 * (the order in which connections arrive still depends on timing).
 */
import net from 'node:net'

export type ChaosProxyOptions = {
  /** The gateway's port on 127.0.0.1. */
  targetPort: number
  /** Seed of the lifetimes; print it with every failure. */
  seed: number
  minLifeMs?: number
  maxLifeMs?: number
}

/** mulberry32: a tiny, good-enough seeded generator in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

type Link = { client: net.Socket; upstream: net.Socket; timer?: ReturnType<typeof setTimeout> }

export class ChaosProxy {
  /** Connections the proxy destroyed on purpose. */
  cuts = 0
  /** Connections accepted so far. */
  accepted = 0
  private isCalm = false
  private readonly links = new Set<Link>()
  private readonly random: () => number
  private readonly minLifeMs: number
  private readonly maxLifeMs: number

  private constructor(
    private readonly server: net.Server,
    private readonly options: ChaosProxyOptions,
  ) {
    this.random = seededRandom(options.seed)
    this.minLifeMs = options.minLifeMs ?? 300
    this.maxLifeMs = options.maxLifeMs ?? 3_000
    server.on('connection', (client) => this.accept(client))
  }

  static async start(options: ChaosProxyOptions): Promise<ChaosProxy> {
    const server = net.createServer()
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    return new ChaosProxy(server, options)
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}`
  }

  /** Stops cutting: live connections and new ones stay up until either end closes them. */
  calm(): void {
    this.isCalm = true
    for (const link of this.links) clearTimeout(link.timer)
  }

  /** Starts cutting again; connections already open get a fresh random lifetime. */
  chaos(): void {
    this.isCalm = false
    for (const link of this.links) this.arm(link)
  }

  async close(): Promise<void> {
    for (const link of [...this.links]) this.drop(link)
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private accept(client: net.Socket): void {
    this.accepted += 1
    const upstream = net.connect(this.options.targetPort, '127.0.0.1')
    const link: Link = { client, upstream }
    this.links.add(link)
    client.setNoDelay(true)
    upstream.setNoDelay(true)
    client.pipe(upstream)
    upstream.pipe(client)
    // Either end going away takes the other with it, as a real middlebox would.
    const onEnd = () => this.drop(link)
    client.on('error', onEnd)
    upstream.on('error', onEnd)
    client.on('close', onEnd)
    upstream.on('close', onEnd)
    if (!this.isCalm) this.arm(link)
  }

  private arm(link: Link): void {
    clearTimeout(link.timer)
    const lifeMs = this.minLifeMs + this.random() * (this.maxLifeMs - this.minLifeMs)
    link.timer = setTimeout(() => this.cut(link), lifeMs)
  }

  private cut(link: Link): void {
    if (!this.links.has(link)) return
    this.cuts += 1
    // Half the cuts are a TCP reset, half a plain close: both happen to real mobile links.
    const isReset = this.random() < 0.5
    for (const socket of [link.client, link.upstream]) {
      if (isReset && typeof socket.resetAndDestroy === 'function' && !socket.destroyed && socket.readyState !== 'opening') socket.resetAndDestroy()
      else socket.destroy()
    }
    this.drop(link)
  }

  private drop(link: Link): void {
    if (!this.links.delete(link)) return
    clearTimeout(link.timer)
    link.client.destroy()
    link.upstream.destroy()
  }
}
