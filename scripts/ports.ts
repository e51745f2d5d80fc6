/**
 * Default ports of `npm start` and `npm run demo` (different, so the Quick start can run both), and the
 * check both make before starting anything: a busy port is one line that says how to choose another.
 */
import net from 'node:net'

export const START_PORT = 4173
export const DEMO_APP_PORT = 4174
export const DEMO_GATEWAY_PORT = 18789

/** Whether something already listens on `port` (on any address: the servers bind localhost or all). */
export function isPortBusy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EADDRINUSE' || error.code === 'EACCES'))
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(false)))
  })
}

/** The first free port after `port` (to suggest one), or undefined when none of the next 50 is. */
export async function nextFreePort(port: number): Promise<number | undefined> {
  for (let next = port + 1; next < port + 50 && next < 65536; next++) if (!(await isPortBusy(next))) return next
  return undefined
}

/** One line for a busy port with the option that fixes it, or null when the port is free. */
export async function portClash(port: number, option: string, what: string, command = 'npm run demo --'): Promise<string | null> {
  if (!(await isPortBusy(port))) return null
  const free = await nextFreePort(port)
  return `Port ${port} (${what}) is already in use. Choose another: ${command} ${option} ${free ?? '<port>'}`
}
