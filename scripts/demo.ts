/**
 * `npm run demo`: a real OpenClaw gateway on this machine with a built-in echo model (no API key),
 * the production build of the app, the pairing QR in the terminal, and approval prompts — the whole
 * product in one command. Ctrl-C (or closing the terminal: SIGHUP) stops everything it started, by PID.
 */
import { existsSync } from 'node:fs'
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { parseArgs } from 'node:util'
import QRCode from 'qrcode'
import { build, preview, type PreviewServer } from 'vite'
import { startFakeModel, type FakeModel } from '../harness/fakeModel'
import { TestGateway, type PairingRequest } from '../harness/testGateway'
import { harnessCacheDir } from '../harness/versions'
import { parseSetupCode } from '../src/pairing'
import { DEMO_APP_PORT, DEMO_GATEWAY_PORT, portClash } from './ports'

const { values: args } = parseArgs({
  options: {
    lan: { type: 'boolean', default: false },
    yes: { type: 'boolean', default: false },
    'app-port': { type: 'string', default: String(DEMO_APP_PORT) },
    'gateway-port': { type: 'string', default: String(DEMO_GATEWAY_PORT) },
    'state-dir': { type: 'string' },
  },
})
const appPort = Number(args['app-port'])
const gatewayPort = Number(args['gateway-port'])
const say = (line = '') => {
  // After a hang-up the terminal is gone: writing to it must not stop the clean-up.
  if (process.stdout.writable) process.stdout.write(`${line}\n`, () => {})
}
const demoDir = path.resolve(args['state-dir'] ?? path.join(harnessCacheDir(), 'demo'))
const pidFile = path.join(demoDir, 'demo.pid')

function lanAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((net) => net && net.family === 'IPv4' && !net.internal)?.address
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** One demo at a time: a second one says where the first is instead of failing on a busy port. */
async function claimPidFile(): Promise<boolean> {
  await mkdir(demoDir, { recursive: true })
  if (existsSync(pidFile)) {
    const [pid, url, gatewayPid] = (await readFile(pidFile, 'utf8')).split('\n')
    if (pid && isAlive(Number(pid))) {
      say(`A demo is already running (pid ${pid}) at ${url}. Stop it with Ctrl-C in its terminal first.`)
      return false
    }
    // The last demo was killed too hard to clean up: stop the gateway it left behind.
    if (gatewayPid && isAlive(Number(gatewayPid))) {
      say(`Stopping the gateway a previous demo left running (pid ${gatewayPid}).`)
      try {
        process.kill(-Number(gatewayPid), 'SIGKILL')
      } catch {
        // already gone
      }
    }
  }
  return true
}

async function persistentToken(): Promise<string> {
  const file = path.join(demoDir, 'gateway-token')
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim()
  const token = `demo-${Array.from(crypto.getRandomValues(new Uint8Array(18)), (b) => b.toString(16).padStart(2, '0')).join('')}`
  await writeFile(file, token, { mode: 0o600 })
  return token
}

/**
 * The app tells a user with a used or expired code to run `openclaw qr`; the demo's gateway is not on the
 * PATH. This script is the same command for the demo's gateway (its Node, its state and config).
 */
async function writeOpenclawCommand(gateway: TestGateway): Promise<string> {
  const bin = path.join(demoDir, 'bin', 'openclaw')
  await mkdir(path.dirname(bin), { recursive: true })
  const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`
  const env = gateway.env()
  const vars = ['OPENCLAW_STATE_DIR', 'OPENCLAW_CONFIG_PATH', 'OPENCLAW_SKIP_CHANNELS', 'OPENCLAW_DISABLE_BONJOUR', 'OPENCLAW_NO_AUTO_UPDATE']
  const exports = vars.map((name) => `export ${name}=${quote(env[name] ?? '')}`).join('\n')
  await writeFile(bin, `#!/bin/sh\n${exports}\nexec ${quote(gateway.install.nodeBin)} ${quote(gateway.install.openclawEntry)} "$@"\n`)
  await chmod(bin, 0o755)
  return bin
}

async function showQr(gateway: TestGateway, url: string, appUrl: string): Promise<number> {
  // What a newcomer would run by hand: the real `openclaw qr`, not the harness's admin RPC.
  const { setupCode } = await gateway.setupCodeFromCli(url)
  const parsed = parseSetupCode(setupCode)
  const expiresAtMs = parsed.ok ? (parsed.payload.expiresAtMs ?? Date.now() + 600_000) : Date.now() + 600_000
  say()
  say(await QRCode.toString(setupCode, { type: 'terminal', small: true }))
  say(`Setup code (paste it in the app): ${setupCode}`)
  // Said again under the QR: in an 80x24 terminal the QR pushes the first mention off the screen.
  say(`Open the app: ${appUrl}`)
  say(`It works once and until ${new Date(expiresAtMs).toLocaleTimeString()}. Press Enter for a new one.`)
  return expiresAtMs
}

function describe(request: PairingRequest): string {
  const role = request.role ?? request.roles?.join(' and ') ?? 'operator'
  const scopes = (request.scopes ?? []).map((scope) => scope.replace(/^operator\./, '')).join(', ')
  return `'${request.displayName ?? request.deviceId.slice(0, 12)}' as ${role}${scopes ? ` (${scopes})` : ''}`
}

async function main(): Promise<void> {
  if (!(await claimPidFile())) process.exit(0)
  // Before anything starts: a busy port is one line with its fix, not a stack trace after the gateway is up.
  const clash = (await portClash(appPort, '--app-port', 'the app')) ?? (await portClash(gatewayPort, '--gateway-port', 'the gateway'))
  if (clash) {
    say(clash)
    process.exit(1)
  }
  const host = args.lan ? (lanAddress() ?? '127.0.0.1') : '127.0.0.1'
  const appOrigins = [`http://localhost:${appPort}`, `http://127.0.0.1:${appPort}`, ...(args.lan ? [`http://${host}:${appPort}`] : [])]
  const appUrl = args.lan ? `http://${host}:${appPort}` : `http://localhost:${appPort}`
  const gatewayUrl = `ws://${host}:${gatewayPort}`
  await writeFile(pidFile, `${process.pid}\n${appUrl}\n`)

  let model: FakeModel | undefined
  let gateway: TestGateway | undefined
  let server: PreviewServer | undefined
  let stopping = false
  const stop = async (code: number) => {
    if (stopping) return
    stopping = true
    say('\nStopping the demo…')
    await server?.close()
    await gateway?.stop()
    await model?.close()
    await rm(pidFile, { force: true })
    say('Stopped. Nothing of the demo is left running.')
    process.exit(code)
  }
  process.on('SIGINT', () => void stop(0))
  process.on('SIGTERM', () => void stop(0))
  // Closing the terminal hangs up: the gateway must not outlive it.
  process.on('SIGHUP', () => void stop(0))

  try {
    say('1/4 Checking the pinned OpenClaw gateway…')
    model = await startFakeModel()
    say('2/4 Starting the gateway with a built-in echo model (no API key needed)…')
    gateway = await TestGateway.start({
      modelBaseUrl: model.baseUrl,
      allowedOrigins: appOrigins,
      port: gatewayPort,
      token: await persistentToken(),
      dir: path.join(demoDir, 'gateway'),
      bind: args.lan ? 'lan' : 'loopback',
      log: (line) => say(`    ${line}`),
    })
    say(`    gateway pid ${gateway.pid} on ${gatewayUrl}`)
    await writeFile(pidFile, `${process.pid}\n${appUrl}\n${gateway.pid}\n`)
    say('3/4 Building the app…')
    await build({ logLevel: 'warn' })
    server = await preview({ preview: { port: appPort, strictPort: true, host: args.lan ? '0.0.0.0' : 'localhost' }, logLevel: 'warn' })
    say(`4/4 Ready.`)
    say()
    say(`Open the app: ${appUrl}`)
    const openclaw = await writeOpenclawCommand(gateway)
    say(`The app's \`openclaw …\` commands, for this demo's gateway: ${openclaw} … (e.g. ${openclaw} qr)`)
    if (args.lan) {
      say(`On a phone on the same network, open ${appUrl}. Plain http on a LAN is not a secure context:`)
      say('the camera, installing the app and offline use need HTTPS there, so paste the setup code instead of scanning.')
      say('Pairing and chat work (the app falls back to a pure-JS key when WebCrypto is unavailable).')
    }
  } catch (error) {
    say(`The demo could not start: ${error instanceof Error ? error.message : String(error)}`)
    if (String(error).includes('EADDRINUSE') || String(error).includes('already in use'))
      say('Another program uses one of the ports; pass --app-port or --gateway-port.')
    await stop(1)
    return
  }

  let expiresAtMs = await showQr(gateway, gatewayUrl, appUrl)
  // A code works once: as soon as it was used (approved) or turned down, or on Enter, a fresh one is shown.
  let wantsNewCode = false
  const asked = new Set<string>()
  const interactive = !args.yes && process.stdin.isTTY
  const lines = readline.createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined })
  lines.on('line', () => {
    wantsNewCode = true
  })
  const question = (text: string) => new Promise<string>((resolve) => (interactive ? lines.question(text, resolve) : resolve('')))
  if (!args.yes && !interactive) say('Not a terminal: approve requests with `openclaw devices approve`, or run the demo with --yes.')

  for (;;) {
    if (wantsNewCode || Date.now() > expiresAtMs - 15_000) {
      wantsNewCode = false
      expiresAtMs = await showQr(gateway, gatewayUrl, appUrl)
    }
    const pending = (await gateway.pairingList().catch(() => ({ pending: [] as PairingRequest[] }))).pending
    for (const request of pending.filter((r) => !asked.has(r.requestId))) {
      asked.add(request.requestId)
      if (!args.yes && !interactive) continue
      const answer = args.yes ? 'y' : await question(`Approve ${describe(request)}? [y/N] `)
      if (/^y(es)?$/i.test(answer.trim())) {
        await gateway.cli(['devices', 'approve', request.requestId])
        say(`Approved ${describe(request)}. The app connects within a few seconds.`)
      } else {
        await gateway.cli(['devices', 'reject', request.requestId])
        say(`Rejected ${describe(request)}.`)
      }
      wantsNewCode = true
    }
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
}

void main()
