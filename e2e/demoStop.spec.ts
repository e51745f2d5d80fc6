/**
 * `npm run demo` stopped by a closing terminal (SIGHUP) leaves nothing behind, and a busy port is one line
 * with its fix before anything starts. Neither chats, so they run beside other specs (demo.spec.ts runs alone).
 */
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from './fixtures'
import { freePort } from '../harness/gatewayConfig'
import { exitCode, isAlive, occupy, portOpen, startDemo, stopGroup } from './demoProcess'

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
