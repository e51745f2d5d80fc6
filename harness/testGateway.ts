/**
 * Runs a real OpenClaw gateway for a test: its own state dir and config, bound to 127.0.0.1 on a
 * free port, pointed at the fake model, and stopped by PID. Also the helpers tests need around it:
 * setup codes, pairing approval, token revocation, restarts.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { AdminRpcError, connectAdmin, type AdminClient } from './adminClient'
import { freePort, gatewayConfig, outsideTestRunnerEnv, type GatewayOptions } from './gatewayConfig'
import { ensureGatewayInstalled, type GatewayInstall } from './install'

const run = promisify(execFile)
const READY_TIMEOUT_MS = 120_000

export type PairingRequest = { requestId: string; deviceId: string; role?: string; roles?: string[]; scopes?: string[]; displayName?: string }
/** What `openclaw qr --json` and `device.pair.setupCode` both answer (among other fields); `access` is "full" or "limited". */
export type SetupCode = { setupCode: string; gatewayUrl: string; access: string }
export type PairedDevice = { deviceId: string; roles?: string[]; role?: string; scopes?: string[]; displayName?: string }
export type NodeRow = { nodeId: string; connected?: boolean; commands?: string[]; displayName?: string; platform?: string }
export type NodeSurfaceRequest = { requestId: string; nodeId: string; commands?: string[] }

export class TestGateway {
  private child: ChildProcess | null = null
  private admin: AdminClient | null = null

  private constructor(
    readonly install: GatewayInstall,
    readonly dir: string,
    readonly port: number,
    readonly token: string,
    readonly configPath: string,
    private readonly ownsDir: boolean,
    private readonly extraEnv: Record<string, string> = {},
  ) {}

  get url(): string {
    return `ws://127.0.0.1:${this.port}`
  }

  get pid(): number | undefined {
    return this.child?.pid
  }

  static async start(options: GatewayOptions): Promise<TestGateway> {
    const install = await ensureGatewayInstalled(options.log ?? ((line) => console.log(`[gateway harness] ${line}`)), options.version)
    const dir = options.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'openclaw-gw-')))
    await mkdir(dir, { recursive: true })
    const port = options.port ?? (await freePort())
    const token = options.token ?? `test-token-${Math.random().toString(36).slice(2)}`
    const configPath = path.join(dir, 'openclaw.json')
    const config = {
      ...gatewayConfig({ modelBaseUrl: options.modelBaseUrl, token, port, allowedOrigins: options.allowedOrigins ?? [], bind: options.bind }),
      ...options.config,
    }
    await writeFile(configPath, JSON.stringify(config, null, 2))
    const gateway = new TestGateway(install, dir, port, token, configPath, options.dir === undefined, options.env)
    await gateway.launch()
    return gateway
  }

  env(): NodeJS.ProcessEnv {
    return {
      ...outsideTestRunnerEnv(),
      OPENCLAW_STATE_DIR: path.join(this.dir, 'state'),
      OPENCLAW_CONFIG_PATH: this.configPath,
      OPENCLAW_SKIP_CHANNELS: '1',
      OPENCLAW_DISABLE_BONJOUR: '1',
      OPENCLAW_NO_AUTO_UPDATE: '1',
      NO_COLOR: '1',
      ...this.extraEnv,
    }
  }

  /** Starts the gateway process (again, after stop/kill) and waits until a connect really succeeds. */
  async launch(): Promise<void> {
    const log = createWriteStream(this.logPath, { flags: 'a' })
    const child = spawn(this.install.nodeBin, [this.install.openclawEntry, 'gateway', 'run', '--port', String(this.port)], {
      env: this.env(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    child.stdout?.pipe(log)
    child.stderr?.pipe(log)
    this.child = child
    await this.waitReady()
  }

  /** The port opens before the gateway accepts connects (it answers UNAVAILABLE); wait for a real hello. */
  async waitReady(timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs
    let lastError: unknown
    while (Date.now() < deadline) {
      if (this.child?.exitCode !== null && this.child?.exitCode !== undefined) {
        throw new Error(`gateway exited with ${this.child.exitCode}; see ${this.logPath}`)
      }
      try {
        const admin = await connectAdmin(this.url, this.token, 5_000)
        this.admin?.close()
        this.admin = admin
        return
      } catch (error) {
        lastError = error
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
    }
    throw new Error(`gateway not ready after ${timeoutMs} ms: ${String(lastError)}`)
  }

  /** Resolves once something accepts TCP connections on the gateway's port. */
  async waitPortOpen(timeoutMs = READY_TIMEOUT_MS): Promise<number> {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      const open = await new Promise<boolean>((resolve) => {
        const socket = net.connect(this.port, '127.0.0.1', () => {
          socket.destroy()
          resolve(true)
        })
        socket.once('error', () => resolve(false))
      })
      if (open) return Date.now()
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    throw new Error('gateway port never opened')
  }

  /**
   * One admin RPC. A gateway that has just started (or restarted under a test) still answers some
   * methods with UNAVAILABLE "gateway starting; retry shortly" after its hello; the CLI retries that,
   * and so does the harness, for up to 30 s, waiting what the gateway asks for.
   */
  private async adminCall(method: string, params?: unknown): Promise<unknown> {
    const deadline = Date.now() + 30_000
    for (;;) {
      try {
        return await this.adminCallOnce(method, params)
      } catch (error) {
        if (!(error instanceof AdminRpcError) || error.code !== 'UNAVAILABLE' || Date.now() > deadline) throw error
        await new Promise((resolve) => setTimeout(resolve, error.retryAfterMs ?? 500))
      }
    }
  }

  private async adminCallOnce(method: string, params?: unknown): Promise<unknown> {
    if (!this.admin) this.admin = await connectAdmin(this.url, this.token)
    try {
      return await this.admin.call(method, params)
    } catch (error) {
      if (!(error instanceof Error) || error.message !== 'admin connection closed') throw error
      this.admin = await connectAdmin(this.url, this.token)
      return this.admin.call(method, params)
    }
  }

  /** Any gateway method over the harness's admin connection (a second client, scopes operator.admin). */
  async call(method: string, params?: unknown): Promise<unknown> {
    return this.adminCall(method, params)
  }

  /** Runs the real `openclaw` CLI against this gateway's state and config. */
  async cli(args: string[], timeoutMs = 60_000): Promise<string> {
    const { stdout } = await run(this.install.nodeBin, [this.install.openclawEntry, ...args], {
      env: this.env(),
      timeout: timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
    })
    return stdout
  }

  get logPath(): string {
    return path.join(this.dir, 'gateway.log')
  }

  /**
   * `openclaw config set <path> <json> --strict-json`, resolved once the running gateway has applied
   * it. The CLI only writes openclaw.json; the gateway's watcher notices the change, waits out its
   * debounce and only then swaps its runtime config, a few hundred ms after the CLI has returned.
   * Whatever connects in between (a node declaring its commands) is judged by the old config.
   * Only for a hot-reloadable path (gateway.nodes.*, gateway.controlUi.allowedOrigins, …).
   */
  async configSet(configPath: string, json: string, timeoutMs = 30_000): Promise<void> {
    const offset = await this.logSize()
    // An unchanged value reloads nothing, so there would be nothing to wait for.
    const isUnchanged = JSON.stringify(await this.configValue(configPath)) === JSON.stringify(JSON.parse(json))
    await this.cli(['config', 'set', configPath, json, '--strict-json'])
    if (isUnchanged) return
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      const lines = (await this.logSince(offset)).split('\n')
      for (const line of lines) {
        if (/config reload (?:skipped|failed)|config hot reload failed/.test(line)) throw new Error(`the gateway refused the new config: ${line}`)
        const applied = line.match(/config hot reload applied \(([^)]*)\)/)?.[1]
        if (applied?.split(', ').some((prefix) => configPath === prefix || configPath.startsWith(`${prefix}.`))) return
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error(`the gateway did not apply ${configPath} within ${timeoutMs} ms; see ${this.logPath}`)
  }

  /** A value of openclaw.json as the file has it now (what `config set` writes and `config get` reads), by dot path. */
  async configValue(configPath: string): Promise<unknown> {
    let value: unknown = JSON.parse(await readFile(this.configPath, 'utf8'))
    for (const key of configPath.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined
    return value
  }

  private async logSize(): Promise<number> {
    return (await stat(this.logPath).catch(() => ({ size: 0 }))).size
  }

  /** The gateway's log from a byte offset on, without colour codes. */
  private async logSince(offset: number): Promise<string> {
    return (await readFile(this.logPath))
      .subarray(offset)
      .toString('utf8')
      .replace(/\x1b\[[0-9;]*m/g, '')
  }

  /**
   * A fresh setup code for this gateway from `device.pair.setupCode` on the admin connection: the
   * RPC behind the Control UI's "Create setup code", which issues the token through the same code
   * path as `openclaw qr --url` (same payload, full-access profile for a loopback URL), in
   * milliseconds where the CLI takes seconds to start. `includeQr: false` skips the PNG it would render.
   */
  async setupCode(url = this.url): Promise<SetupCode> {
    const { setupCode, gatewayUrl, access } = (await this.adminCall('device.pair.setupCode', { publicUrl: url, includeQr: false })) as SetupCode
    return { setupCode, gatewayUrl, access }
  }

  /** `openclaw qr --json --url <url>`: the real CLI's code, for the tests whose point is that command. */
  async setupCodeFromCli(url = this.url): Promise<SetupCode> {
    const out = await this.cli(['qr', '--json', '--url', url])
    const { setupCode, gatewayUrl, access } = JSON.parse(out.slice(out.indexOf('{'))) as SetupCode
    return { setupCode, gatewayUrl, access }
  }

  async pairingList(): Promise<{ pending: PairingRequest[]; paired: PairedDevice[] }> {
    return (await this.adminCall('device.pair.list', {})) as { pending: PairingRequest[]; paired: PairedDevice[] }
  }

  async waitForPairingRequest(predicate: (request: PairingRequest) => boolean = () => true, timeoutMs = 30_000): Promise<PairingRequest> {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      const match = (await this.pairingList()).pending.find(predicate)
      if (match) return match
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    throw new Error('no pairing request arrived')
  }

  /** The nodes the gateway knows (`node.list`): what `openclaw nodes status --json` prints as `nodes`. */
  async nodeList(): Promise<NodeRow[]> {
    return ((await this.adminCall('node.list', {})) as { nodes?: NodeRow[] }).nodes ?? []
  }

  /** Pending node command-surface requests (`node.pair.list`): what `openclaw nodes pending --json` prints. */
  async nodeSurfaceRequests(): Promise<NodeSurfaceRequest[]> {
    return ((await this.adminCall('node.pair.list', {})) as { pending?: NodeSurfaceRequest[] }).pending ?? []
  }

  /** `chat.send` as the harness's admin client: a user turn in the session, answered by the (fake) model. */
  sendChat(sessionKey: string, message: string): Promise<unknown> {
    return this.adminCall('chat.send', { sessionKey, message, idempotencyKey: `harness-${Date.now()}-${Math.random().toString(36).slice(2)}` })
  }

  /** The user turns' texts of a session's history (`chat.history` as the admin client), oldest first. */
  async userTexts(sessionKey: string, limit = 200): Promise<string[]> {
    const history = (await this.adminCall('chat.history', { sessionKey, limit })) as { messages?: Array<{ role?: string; content?: unknown }> }
    const textOf = (content: unknown): string =>
      typeof content === 'string'
        ? content
        : Array.isArray(content)
          ? content.map((part) => (part && typeof part === 'object' && 'text' in part ? String(part.text) : '')).join('')
          : ''
    return (history.messages ?? []).filter((message) => message.role === 'user').map((message) => textOf(message.content))
  }

  approve(requestId: string): Promise<unknown> {
    return this.adminCall('device.pair.approve', { requestId })
  }

  reject(requestId: string): Promise<unknown> {
    return this.adminCall('device.pair.reject', { requestId })
  }

  revokeToken(deviceId: string, role: string): Promise<unknown> {
    return this.adminCall('device.token.revoke', { deviceId, role })
  }

  rotateToken(deviceId: string, role: string): Promise<unknown> {
    return this.adminCall('device.token.rotate', { deviceId, role })
  }

  /** Graceful stop (SIGTERM to the gateway's PID); resolves when the process has exited. */
  stop(timeoutMs = 30_000): Promise<void> {
    return this.signal('SIGTERM', timeoutMs)
  }

  /** SIGKILL to the gateway's whole process group: a crash, with no shutdown event. */
  kill(): Promise<void> {
    return this.signal('SIGKILL', 10_000)
  }

  async restart(): Promise<void> {
    await this.stop()
    await this.launch()
  }

  private async signal(signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
    this.admin?.close()
    this.admin = null
    const child = this.child
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    try {
      process.kill(signal === 'SIGKILL' ? -child.pid : child.pid, signal)
    } catch {
      return
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {
        // already gone
      }
    }, timeoutMs)
    await exited
    clearTimeout(timer)
    try {
      process.kill(-child.pid, 'SIGKILL') // helpers the gateway started in its process group
    } catch {
      // none left
    }
    this.child = null
  }

  /** Stops the gateway and deletes its state dir (unless the caller gave one to keep). */
  async dispose(): Promise<void> {
    await this.kill()
    // E2E_GATEWAY_LOG_DIR keeps each gateway's log after the run, to read what the gateway saw.
    const keepIn = process.env.E2E_GATEWAY_LOG_DIR
    if (keepIn) {
      await mkdir(keepIn, { recursive: true })
      await copyFile(this.logPath, path.join(keepIn, `gateway-${this.port}-${Date.now()}.log`)).catch(() => undefined)
    }
    if (this.ownsDir) await rm(this.dir, { recursive: true, force: true })
  }
}
