/**
 * Running `npm run demo` and `npm start` as a user does, for the demo specs: a child process group of its own,
 * its output, and the checks that nothing it started is left (processes, ports).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export function startDemo(args: string[], script = 'demo'): { child: ChildProcess; output: () => string } {
  let output = ''
  const child = spawn('npm', ['run', script, '--', ...args], { cwd: repoRoot, detached: true, stdio: ['pipe', 'pipe', 'pipe'] })
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return { child, output: () => output }
}

export const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

export const setupCodes = (output: string) => [...output.matchAll(/Setup code \(paste it in the app\): (\S+)/g)].map((match) => match[1]!)

/** A server on 127.0.0.1:port, as another program holding the port would be. */
export const occupy = (port: number) =>
  new Promise<net.Server>((resolve) => {
    const server = net.createServer()
    server.listen(port, '127.0.0.1', () => resolve(server))
  })

export const exitCode = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))))

export function stopGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL')
  } catch {
    // already stopped, as it should be
  }
}

export const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
