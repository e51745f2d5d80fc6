/**
 * `npm run demo` as a newcomer runs it: the printed URL and setup code pair a browser, the echo
 * model answers, a used code is followed by a fresh one (and Enter prints one), the printed `openclaw`
 * command runs, a second demo says one is running, and Ctrl-C (SIGINT) leaves nothing behind. It runs
 * alone (the solo project: its first reply is timed); closing the terminal and busy ports are in
 * demoStop.spec.ts, beside other specs.
 */
import { execFile } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { connectionStatus, expect, pasteAndConfirm, test } from './fixtures'
import { freePort } from '../harness/gatewayConfig'
import { isAlive, portOpen, setupCodes, startDemo, stopGroup } from './demoProcess'

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
