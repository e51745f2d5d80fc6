/**
 * `npm run demo` as a newcomer runs it: the printed URL and setup code pair a browser, the echo
 * model answers, a used code is followed by a fresh one (and Enter prints one), the printed `openclaw`
 * command runs, a second demo says one is running, a busy port is one line with its fix, and Ctrl-C
 * (SIGINT) or closing the terminal (SIGHUP) leaves nothing behind.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { connectionStatus, expect, pasteAndConfirm, test } from './fixtures'
import { freePort } from '../harness/gatewayConfig'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

function startDemo(args: string[], script = 'demo'): { child: ChildProcess; output: () => string } {
  let output = ''
  const child = spawn('npm', ['run', script, '--', ...args], { cwd: repoRoot, detached: true, stdio: ['pipe', 'pipe', 'pipe'] })
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return { child, output: () => output }
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

const setupCodes = (output: string) => [...output.matchAll(/Setup code \(paste it in the app\): (\S+)/g)].map((match) => match[1]!)

/** A server on 127.0.0.1:port, as another program holding the port would be. */
const occupy = (port: number) =>
  new Promise<net.Server>((resolve) => {
    const server = net.createServer()
    server.listen(port, '127.0.0.1', () => resolve(server))
  })

const exitCode = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))))

function stopGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL')
  } catch {
    // already stopped, as it should be
  }
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })

test('npm run demo: pair by the printed setup code, chat with the echo model, a fresh code after use and on Enter, Ctrl-C stops everything', async ({
  page,
}) => {
  // Start-up (gateway, build) takes up to 150 s on a busy 2-core machine; each fresh code runs `openclaw qr`.
  test.setTimeout(360_000)
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'demo-state-'))
  const [appPort, gatewayPort] = [await freePort(), await freePort()]
  const args = ['--yes', '--app-port', String(appPort), '--gateway-port', String(gatewayPort), '--state-dir', stateDir]
  const demo = startDemo(args)
  try {
    await expect.poll(() => demo.output(), { timeout: 150_000 }).toContain('Setup code (paste it in the app): ')
    const url = demo.output().match(/Open the app: (\S+)/)?.[1]
    const setupCode = demo.output().match(/Setup code \(paste it in the app\): (\S+)/)?.[1]
    const gatewayPid = Number(demo.output().match(/gateway pid (\d+)/)?.[1])
    expect(url).toBe(`http://localhost:${appPort}`)
    expect(demo.output()).toMatch(/▀|▄|█/) // the QR as terminal art
    // Under the QR, the URL again (the first mention scrolls away in a small terminal).
    expect(demo.output().slice(demo.output().lastIndexOf('Setup code'))).toContain(`Open the app: ${url}`)

    // The app's advice is `openclaw qr`; the demo prints the command that runs it against its gateway.
    const openclaw = demo.output().match(/commands, for this demo's gateway: (\S+) …/)?.[1]
    expect(openclaw).toBeTruthy()
    const qr = await new Promise<string>((resolve, reject) =>
      execFile(openclaw!, ['qr', '--json', '--url', `ws://127.0.0.1:${gatewayPort}`], { timeout: 60_000 }, (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      ),
    )
    expect(JSON.parse(qr.slice(qr.indexOf('{'))).setupCode).toEqual(expect.any(String))

    const second = startDemo(args)
    await expect.poll(() => second.output(), { timeout: 60_000 }).toContain('A demo is already running')

    await page.goto(url!)
    await pasteAndConfirm(page, setupCode!)
    await expect(connectionStatus(page)).toContainText('Connected', { timeout: 30_000 })
    expect(demo.output()).toMatch(/Approved '.+' as operator/)
    // That code is used: a fresh one (and its QR) follows at once, not 10 minutes later.
    await expect.poll(() => setupCodes(demo.output()).length, { timeout: 30_000 }).toBe(2)
    expect(setupCodes(demo.output())[1]).not.toBe(setupCode)
    // Enter asks for another.
    demo.child.stdin!.write('\n')
    await expect.poll(() => setupCodes(demo.output()).length, { timeout: 30_000 }).toBe(3)
    expect(new Set(setupCodes(demo.output())).size).toBe(3)
    await page.getByRole('textbox', { name: 'Message' }).fill('hi demo')
    await page.getByRole('textbox', { name: 'Message' }).press('Enter')
    await expect(page.getByRole('log', { name: 'Messages' }).locator('.message-reply').last()).toHaveText('Echo: hi demo')

    process.kill(-demo.child.pid!, 'SIGINT')
    await expect.poll(() => demo.output(), { timeout: 30_000 }).toContain('Nothing of the demo is left running')
    // Every process the demo started is gone: its own process group, and the gateway's.
    await expect.poll(() => isAlive(-demo.child.pid!), { timeout: 15_000 }).toBe(false)
    expect(isAlive(gatewayPid)).toBe(false)
    expect(isAlive(-gatewayPid)).toBe(false)
    expect(await portOpen(appPort)).toBe(false)
    expect(await portOpen(gatewayPort)).toBe(false)
  } finally {
    stopGroup(demo.child)
  }
})

test('npm run demo: closing its terminal (SIGHUP) stops the gateway and the app too', async () => {
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'demo-state-'))
  const [appPort, gatewayPort] = [await freePort(), await freePort()]
  const demo = startDemo(['--yes', '--app-port', String(appPort), '--gateway-port', String(gatewayPort), '--state-dir', stateDir])
  try {
    await expect.poll(() => demo.output(), { timeout: 150_000 }).toContain('Setup code (paste it in the app): ')
    const gatewayPid = Number(demo.output().match(/gateway pid (\d+)/)?.[1])
    expect(isAlive(gatewayPid)).toBe(true)
    // What a closing terminal does: SIGHUP to every process of its foreground group.
    process.kill(-demo.child.pid!, 'SIGHUP')
    await expect.poll(() => isAlive(gatewayPid), { timeout: 30_000 }).toBe(false)
    await expect.poll(() => isAlive(-demo.child.pid!), { timeout: 15_000 }).toBe(false)
    expect(isAlive(-gatewayPid)).toBe(false)
    expect(await portOpen(appPort)).toBe(false)
    expect(await portOpen(gatewayPort)).toBe(false)
  } finally {
    stopGroup(demo.child)
  }
})

test('a busy port: npm run demo and npm start say which option fixes it, in one line, before starting anything', async () => {
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'demo-state-'))
  const [appPort, gatewayPort, busyPort] = [await freePort(), await freePort(), await freePort()]
  const busy = await occupy(busyPort)
  try {
    for (const [script, args, line] of [
      ['demo', ['--app-port', String(busyPort), '--gateway-port', String(gatewayPort), '--state-dir', stateDir], `npm run demo -- --app-port `],
      ['demo', ['--app-port', String(appPort), '--gateway-port', String(busyPort), '--state-dir', stateDir], `npm run demo -- --gateway-port `],
      ['start', ['--port', String(busyPort)], `npm start -- --port `],
    ] as const) {
      const run = startDemo([...args], script)
      try {
        expect(await exitCode(run.child)).toBe(1)
        const printed = run
          .output()
          .split('\n')
          .filter((text) => text.startsWith('Port '))
        expect(printed).toEqual([
          expect.stringMatching(new RegExp(`^Port ${busyPort} \\(.+\\) is already in use\\. Choose another: ${line.replace(/-/g, '\\-')}\\d+$`)),
        ])
        // Nothing was started, and no stack trace.
        expect(run.output()).not.toMatch(/gateway pid|Building|^\s+at /m)
      } finally {
        stopGroup(run.child)
      }
    }
    expect(await portOpen(gatewayPort)).toBe(false)
  } finally {
    busy.close()
  }
})
