/**
 * What the harness installs, pinned exactly, and where: a cache folder outside the app's
 * node_modules, shared by every checkout on this machine so the ~650 MB gateway installs once.
 */
import os from 'node:os'
import path from 'node:path'

export const OPENCLAW_VERSION = '2026.9.6'
/** The gateway needs Node >= 24.16; this is the npm registry's runtime package for the platform. */
export const NODE_RUNTIME_VERSION = '24.21.0'

export function nodeRuntimePackage(): string {
  const platform = process.platform === 'win32' ? 'win' : process.platform
  return `node-${platform}-${process.arch}`
}

export function harnessCacheDir(): string {
  const base = process.env.OPENCLAW_HARNESS_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'openclaw-companion-harness')
  return path.resolve(base)
}
