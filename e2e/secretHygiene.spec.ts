/**
 * Secrets stay where they belong. Through a whole life cycle with the real gateway (pair by paste,
 * approve, chat, reload, forget) no setup code, bootstrap token, device token or gateway token ever
 * reaches localStorage, sessionStorage, cookies, the URL or the console; the private key cannot be
 * exported; and the Content-Security-Policy the app ships with holds without a single violation.
 */
import type { Page } from '@playwright/test'
import { approveFromScreen, connectionStatus, dumpIndexedDb, expect, messageLog, test, typeAndSend } from './fixtures'

type Violation = { directive: string; blocked: string; sample: string; source: string }
type Dump = Awaited<ReturnType<typeof dumpIndexedDb>>

declare global {
  interface Window {
    reportCspViolation?: (violation: Violation) => void
  }
}

/** Every place a secret could leak to, captured as text after every step. */
class LeakWatch {
  readonly places: Array<{ where: string; text: string }> = []
  readonly violations: Violation[] = []

  constructor(private readonly page: Page) {}

  async start(): Promise<void> {
    const page = this.page
    page.on('console', (message) => this.places.push({ where: `console.${message.type()}`, text: message.text() }))
    page.on('pageerror', (error) => this.places.push({ where: 'pageerror', text: `${error.name}: ${error.message}\n${error.stack ?? ''}` }))
    page.on('framenavigated', (frame) => this.places.push({ where: 'navigation', text: frame.url() }))
    await page.exposeFunction('reportCspViolation', (violation: Violation) => this.violations.push(violation))
    // NOTE: init scripts run through the DevTools protocol, so the page's own CSP does not block this one.
    await page.addInitScript(() => {
      document.addEventListener(
        'securitypolicyviolation',
        (event) =>
          window.reportCspViolation?.({
            directive: event.effectiveDirective,
            blocked: event.blockedURI,
            sample: event.sample,
            source: `${event.sourceFile}:${event.lineNumber}`,
          }),
        true,
      )
    })
  }

  /** Records the URL, both web storages and every cookie as they are now. */
  async snapshot(step: string): Promise<void> {
    this.places.push({ where: `url after "${step}"`, text: this.page.url() })
    const storage = await this.page.evaluate(() => ({
      localStorage: Object.entries(localStorage),
      sessionStorage: Object.entries(sessionStorage),
      documentCookie: document.cookie,
    }))
    for (const [name, value] of Object.entries(storage)) this.places.push({ where: `${name} after "${step}"`, text: JSON.stringify(value) })
    this.places.push({ where: `cookies after "${step}"`, text: JSON.stringify(await this.page.context().cookies()) })
  }

  /** The places (never the secret itself) where a secret showed up. */
  leaksOf(secret: string): string[] {
    return this.places.filter((place) => place.text.includes(secret)).map((place) => place.where)
  }
}

function decodeBootstrapToken(setupCode: string): string {
  return (JSON.parse(Buffer.from(setupCode, 'base64url').toString('utf8')) as { bootstrapToken: string }).bootstrapToken
}

function records(dump: Dump, database: string, store: string): unknown[] {
  return (dump[database]?.[store] ?? []).map(([, value]) => value)
}

/** The Content-Security-Policy meta of an HTML page, as a map from directive to its sources. */
function parseCspMeta(html: string): { policy: Map<string, string[]>; index: number } {
  const match = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/i.exec(html)
  if (!match) throw new Error('index.html has no Content-Security-Policy meta')
  const policy = new Map<string, string[]>()
  for (const directive of match[1]!
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [name, ...sources] = directive.split(/\s+/)
    policy.set(name!.toLowerCase(), sources)
  }
  return { policy, index: match.index }
}

test('the served page ships a strict Content-Security-Policy, before any script, with no inline script', async ({ page }) => {
  const response = await page.request.get('/')
  expect(response.ok()).toBe(true)
  const html = await response.text()
  const { policy, index } = parseCspMeta(html)

  expect(policy.get('default-src')).toEqual(["'self'"])
  expect(policy.get('connect-src')?.sort()).toEqual(["'self'", 'ws:', 'wss:'].sort())
  // script-src, when given, narrows default-src; either way nothing inline or evaluated may run.
  const scriptSources = policy.get('script-src') ?? policy.get('default-src')!
  // 'wasm-unsafe-eval' lets WebAssembly compile (the QR decoder) and nothing else: no JS eval, no inline script.
  expect(scriptSources.filter((source) => source !== "'self'")).toEqual(["'wasm-unsafe-eval'"])
  for (const unsafe of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'strict-dynamic'", '*', 'data:', 'blob:', 'http:', 'https:']) {
    expect(scriptSources, `script sources allow ${unsafe}`).not.toContain(unsafe)
  }
  expect(
    scriptSources.some((source) => /^'(nonce|sha\d+)-/.test(source)),
    'no nonce or hash lets an inline script in',
  ).toBe(false)

  // A meta policy covers only what follows it: it must come before every script and stylesheet.
  const firstResource = html.search(/<(script|link\s[^>]*rel="(stylesheet|modulepreload)")/i)
  expect(firstResource === -1 || index < firstResource, 'the CSP meta precedes every script and stylesheet').toBe(true)
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
  expect(scripts.length).toBeGreaterThan(0)
  for (const [tag, attributes, body] of scripts) {
    expect(attributes, `${tag.slice(0, 80)} loads from a file`).toMatch(/\bsrc="\/[^"]+"/)
    expect(body!.trim(), 'no inline script').toBe('')
  }
  expect(html, 'no inline event handlers').not.toMatch(/\son[a-z]+\s*=/i)
})

test('no token, key or setup code leaks during pair, chat, reload and forget; the CSP holds throughout', async ({ page, gateway }) => {
  test.setTimeout(150_000)
  const watch = new LeakWatch(page)
  await watch.start()
  const { setupCode } = await gateway.setupCode()
  const bootstrapToken = decodeBootstrapToken(setupCode)

  await page.goto('/')
  await watch.snapshot('open the app')
  await page.getByRole('button', { name: 'Paste setup code' }).click()
  await page.getByRole('textbox', { name: 'Setup code' }).fill(setupCode)
  await watch.snapshot('paste the setup code')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { name: 'Connect to this gateway?' })).toBeVisible()
  await watch.snapshot('continue')
  await page.getByRole('radio', { name: 'Chat (operator)' }).check()
  await page.getByRole('button', { name: 'Connect' }).click()
  await approveFromScreen(page, gateway)
  await watch.snapshot('wait for approval')
  await expect(connectionStatus(page)).toContainText('Connected')
  await watch.snapshot('approved')

  const paired = await dumpIndexedDb(page)
  const secrets = records(paired, 'openclaw-companion-secrets', 'secrets') as Array<{ deviceTokens?: { operator?: { token?: string } }; bootstrap?: unknown }>
  const deviceToken = secrets[0]?.deviceTokens?.operator?.token
  expect(deviceToken, 'the device token is in IndexedDB').toEqual(expect.any(String))
  expect(secrets[0]?.bootstrap, 'the one-time bootstrap token is gone once the device token is stored').toBeUndefined()
  const identities = records(paired, 'openclaw-companion-identities', 'identities') as Array<{ kind?: string; keyPair?: { privateKey?: unknown } }>
  expect(identities).toHaveLength(1)
  expect(identities[0]?.kind, 'a WebCrypto identity (Chromium has Ed25519)').toBe('webcrypto')
  expect(identities[0]?.keyPair?.privateKey, 'the private key cannot be exported').toEqual({ cryptoKey: 'private', extractable: false })

  const text = `nothing secret here ${Date.now()}`
  await typeAndSend(page, text)
  await expect(
    messageLog(page)
      .getByRole('listitem')
      .filter({ hasText: `Echo: ${text}` }),
  ).toHaveCount(1)
  await watch.snapshot('chat')
  await page.reload()
  await expect(connectionStatus(page)).toContainText('Connected')
  await expect(
    messageLog(page)
      .getByRole('listitem')
      .filter({ hasText: `Echo: ${text}` }),
  ).toHaveCount(1)
  await watch.snapshot('reload')

  await page.getByRole('button', { name: /^Forget .*…$/ }).click()
  await page.getByRole('button', { name: 'Forget gateway' }).click()
  await expect(page.getByRole('heading', { name: 'Pair with your OpenClaw gateway' })).toBeVisible()
  await watch.snapshot('forget')

  const named = { 'setup code': setupCode, 'bootstrap token': bootstrapToken, 'device token': deviceToken!, 'gateway token': gateway.token }
  for (const [name, secret] of Object.entries(named)) {
    expect(secret.length, `${name} is long enough to search for`).toBeGreaterThan(15)
    expect(watch.leaksOf(secret), `where the ${name} leaked`).toEqual([])
  }
  const forgotten = JSON.stringify(await dumpIndexedDb(page))
  for (const [name, secret] of Object.entries(named)) expect(forgotten.includes(secret), `the ${name} is still in IndexedDB after Forget`).toBe(false)
  expect(records(await dumpIndexedDb(page), 'openclaw-companion-identities', 'identities'), 'the identity is deleted on Forget').toEqual([])
  expect(
    watch.places.filter((place) => place.where === 'pageerror'),
    'no uncaught errors',
  ).toEqual([])
  expect(watch.violations, 'no Content-Security-Policy violation during the whole flow').toEqual([])

  // The watch itself works: a marker put where a leak would go is found there.
  const marker = `marker-${Date.now()}-not-a-secret`
  await page.evaluate((value) => {
    console.info(value)
    sessionStorage.setItem('probe', value)
  }, marker)
  await watch.snapshot('control')
  expect(watch.leaksOf(marker)).toEqual(['console.info', 'sessionStorage after "control"'])

  // The recorder works and the policy is in force: an injected inline script is refused and reported.
  const ran = await page.evaluate(() => {
    const script = document.createElement('script')
    script.textContent = 'window.__inlineRan = true'
    document.head.append(script)
    return (window as { __inlineRan?: boolean }).__inlineRan === true
  })
  expect(ran, 'an inline script does not run').toBe(false)
  // The page is under two equal policies, the header the server sends (scripts/hostingHeaders.ts) and
  // index.html's meta tag: each refuses it and reports it.
  await expect.poll(() => watch.violations.map((violation) => violation.directive)).toEqual(['script-src-elem', 'script-src-elem'])
})
