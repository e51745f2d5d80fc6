/**
 * Installs the pinned Node runtime and the pinned `openclaw` package from the npm registry, once per
 * machine, and tells where they are. A marker file is written last, so an interrupted install is
 * redone instead of half-used.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { harnessCacheDir, nodeRuntimePackage, NODE_RUNTIME_VERSION, OPENCLAW_VERSION } from './versions'

const run = promisify(execFile)

export type GatewayInstall = { nodeBin: string; openclawEntry: string; openclawDir: string }

const COMPLETE_MARKER = '.install-complete'

async function npmInstall(dir: string, spec: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  if (existsSync(path.join(dir, COMPLETE_MARKER))) return
  log(`installing ${spec} (first run only; ${await downloadSize(spec)})`)
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'harness-cache', private: true }))
  const started = Date.now()
  await run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', spec], {
    cwd: dir,
    env,
    maxBuffer: 64 * 1024 * 1024,
  })
  await writeFile(path.join(dir, COMPLETE_MARKER), new Date().toISOString())
  log(`installed ${spec} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

/** What the user is about to download, as npm reports it; best effort, never fatal. */
async function downloadSize(spec: string): Promise<string> {
  try {
    // NOTE: the whole manifest, not `npm view <spec> dist.unpackedSize dependencies`: when one of the
    // fields asked for is missing (some registries publish no unpackedSize), npm prints the other one
    // bare, and the sizes read from it came out as "0 MB".
    const { stdout } = await run('npm', ['view', spec, '--json'], { maxBuffer: 16 * 1024 * 1024 })
    const manifest = JSON.parse(stdout) as { dist?: { unpackedSize?: number }; dependencies?: Record<string, string> }
    const unpacked = manifest.dist?.unpackedSize
    const size = typeof unpacked === 'number' && unpacked > 0 ? `${Math.round(unpacked / 1e6)} MB` : 'size not published'
    const dependencies = Object.keys(manifest.dependencies ?? {}).length
    return dependencies ? `${size} plus ${dependencies} dependencies` : size
  } catch {
    return 'size unknown'
  }
}

/** Installs `openclaw@version` (the pinned one unless told; the compat suite asks for older releases) once into the cache. */
export async function ensureGatewayInstalled(log: (line: string) => void = () => {}, version: string = OPENCLAW_VERSION): Promise<GatewayInstall> {
  const cache = harnessCacheDir()
  const runtimePackage = nodeRuntimePackage()
  const nodeDir = path.join(cache, `${runtimePackage}-${NODE_RUNTIME_VERSION}`)
  const openclawDir = path.join(cache, `openclaw-${version}`)
  await npmInstall(nodeDir, `${runtimePackage}@${NODE_RUNTIME_VERSION}`, process.env, log)
  const nodeBin = path.join(nodeDir, 'node_modules', runtimePackage, 'bin', process.platform === 'win32' ? 'node.exe' : 'node')
  // NOTE: openclaw's install scripts refuse Node < 24.16, so npm runs them with the pinned runtime first on PATH.
  const env = { ...process.env, PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH ?? ''}` }
  await npmInstall(openclawDir, `openclaw@${version}`, env, log)
  const openclawEntry = path.join(openclawDir, 'node_modules', 'openclaw', 'openclaw.mjs')
  return { nodeBin, openclawEntry, openclawDir: path.dirname(openclawEntry) }
}
