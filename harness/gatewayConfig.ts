/**
 * How the harness's gateway is configured: the options a test or the demo passes, the config file
 * written from them (loopback, token auth, the fake model as the only provider), the environment it
 * runs in, and a free loopback port to bind.
 */
import net from 'node:net'

export type GatewayOptions = {
  modelBaseUrl: string
  allowedOrigins?: string[]
  /** Reuse a port (restart tests); a free one otherwise. */
  port?: number
  token?: string
  /** A state folder that outlives the gateway (the demo); a fresh temporary one otherwise. */
  dir?: string
  /** "lan" binds to every interface, for `npm run demo -- --lan`; tests stay on loopback. */
  bind?: 'loopback' | 'lan'
  log?: (line: string) => void
  /** An openclaw release other than the pinned one (the compat suite); installed once into the harness cache. */
  version?: string
  /** Top-level config sections added to (or replacing) the harness's own, e.g. `{ tools: { exec: … } }`. */
  config?: Record<string, unknown>
  /** Added to the gateway's environment (e.g. NODE_EXTRA_CA_CERTS for the loopback push service). */
  env?: Record<string, string>
}

/** Exec needs a human for every command, run on the gateway host: what the approvals spec exercises. */
export const EXEC_NEEDS_APPROVAL = { tools: { exec: { host: 'gateway', security: 'full', ask: 'always' } } }

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export function gatewayConfig(
  options: Required<Pick<GatewayOptions, 'modelBaseUrl' | 'token'>> & { port: number; allowedOrigins: string[]; bind?: 'loopback' | 'lan' },
) {
  return {
    gateway: {
      mode: 'local',
      port: options.port,
      bind: options.bind ?? 'loopback',
      auth: { mode: 'token', token: options.token },
      controlUi: { allowedOrigins: options.allowedOrigins },
    },
    agents: { defaults: { model: { primary: 'fake/fake-model' } } },
    models: {
      mode: 'merge',
      providers: {
        fake: {
          baseUrl: options.modelBaseUrl,
          apiKey: 'sk-local',
          api: 'openai-completions',
          models: [
            {
              id: 'fake-model',
              name: 'Fake',
              reasoning: false,
              input: ['text', 'image'],
              cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
              contextWindow: 128000,
              maxTokens: 4096,
            },
          ],
        },
      },
    },
  }
}

/**
 * NOTE: openclaw switches to its own test-mode behaviour when it sees a test runner's variables
 * (VITEST, VITEST_WORKER_ID, …) — the CLI then prints nothing. The gateway must run as in real life.
 */
export function outsideTestRunnerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VITEST|JEST|PLAYWRIGHT|TEST_)/.test(key) || key === 'NODE_ENV' || key === 'TEST' || key === 'NODE_OPTIONS') continue
    env[key] = value
  }
  return env
}
