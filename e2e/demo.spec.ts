/**
 * `npm run demo` as a newcomer runs it: the printed URL and setup code pair a browser, the echo
 * model answers, a second demo says one is running, and Ctrl-C (SIGINT) leaves nothing behind.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { connectionStatus, expect, pasteAndConfirm, test } from './fixtures'
import { freePort } from '../harness/gatewayConfig'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

function startDemo(args: string[]): { child: ChildProcess; output: () => string } {
  let output = ''
  const child = spawn('npm', ['run', 'demo', '--', ...args], { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
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

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })

test('npm run demo: pair by the printed setup code, chat with the echo model, Ctrl-C stops everything', async ({ page }) => {
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

    const second = startDemo(args)
    await expect.poll(() => second.output(), { timeout: 60_000 }).toContain('A demo is already running')

    await page.goto(url!)
    await pasteAndConfirm(page, setupCode!)
    await expect(connectionStatus(page)).toContainText('Connected', { timeout: 30_000 })
    expect(demo.output()).toMatch(/Approved '.+' as operator/)
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
    for (const pid of [demo.child.pid]) {
      try {
        if (pid) process.kill(-pid, 'SIGKILL')
      } catch {
        // already stopped, as it should be
      }
    }
  }
})
