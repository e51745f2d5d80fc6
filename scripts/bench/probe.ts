/**
 * What the benchmark watches inside a page: long tasks (buffered from page start), the first time a
 * marker text appears in the DOM (and the frame after it), the time of the last click, every
 * `hello-ok` frame on the page's WebSockets and the requests and responses after it (in this process's
 * clock), while armed the page's own requests and responses (in its clock), event frames that carry a
 * watched text (in its clock), and the JS heap over CDP.
 */
import { performance } from 'node:perf_hooks'
import type { BrowserContext, Page } from '@playwright/test'

export type LongTask = { startTime: number; duration: number }
/** Times are the page's performance.now() (ms since its navigation) and Date.now(). */
export type MarkerHit = { domAt: number; domEpochMs: number; frameAt?: number; frameEpochMs?: number }

// NOTE: a string, not a function: tsx/esbuild may wrap functions in helpers the page does not have.
const PROBE_SCRIPT = `(() => {
  if (window.__bench) return
  const bench = { longTasks: [], found: {}, watching: [], scopes: {}, lastClickAt: null, rpcsArmed: false, rpcs: [], eventTexts: [], events: [] }
  window.__bench = bench
  // Event frames carrying a watched text, timed as they reach the page: the probe's listener is added
  // in the constructor, so it runs before any listener of the page's own.
  const NativeSocket = WebSocket
  window.WebSocket = class extends NativeSocket {
    constructor(url, protocols) {
      super(url, protocols)
      this.addEventListener('message', (event) => {
        if (!bench.eventTexts.length || typeof event.data !== 'string') return
        const name = /"event":"([^"]+)"/.exec(event.data.slice(0, 300))
        if (!name) return
        for (const text of bench.eventTexts) if (event.data.includes(text)) bench.events.push({ at: performance.now(), event: name[1], text })
      })
    }
  }
  // While armed: each request the page sends on a WebSocket and each response, in the page's clock.
  const send = WebSocket.prototype.send
  WebSocket.prototype.send = function (data) {
    if (bench.rpcsArmed && typeof data === 'string') {
      const req = /"id":"([^"]+)","method":"([^"]+)"|"method":"([^"]+)".*?"id":"([^"]+)"/.exec(data.slice(0, 300))
      if (req) bench.rpcs.push({ at: performance.now(), dir: 'sent', id: req[1] || req[4], method: req[2] || req[3] })
    }
    if (!this.__benchHooked) {
      this.__benchHooked = true
      this.addEventListener('message', (event) => {
        if (!bench.rpcsArmed || typeof event.data !== 'string') return
        const res = /^\\{"type":"res","id":"([^"]+)"/.exec(event.data.slice(0, 200))
        if (res) bench.rpcs.push({ at: performance.now(), dir: 'answered', id: res[1] })
      })
    }
    return send.call(this, data)
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longTasks.push({ startTime: e.startTime, duration: e.duration })
    }).observe({ type: 'longtask', buffered: true })
  } catch (e) {}
  addEventListener('click', () => { bench.lastClickAt = performance.now() }, { capture: true })
  // A marker watched within a selector counts only inside an element that matches it.
  const inScope = (node, marker, selector) => {
    const element = node.nodeType === 1 ? node : node.parentElement
    if (!element) return false
    if (element.closest(selector)) return true
    for (const match of element.querySelectorAll(selector)) if (match.textContent.includes(marker)) return true
    return false
  }
  const check = (node) => {
    if (!bench.watching.length || !node) return
    const text = node.textContent
    if (!text) return
    for (const marker of bench.watching.slice()) {
      if (!text.includes(marker)) continue
      if (bench.scopes[marker] && !inScope(node, marker, bench.scopes[marker])) continue
      const hit = { domAt: performance.now(), domEpochMs: Date.now() }
      bench.found[marker] = hit
      bench.watching = bench.watching.filter((m) => m !== marker)
      requestAnimationFrame(() => { hit.frameAt = performance.now(); hit.frameEpochMs = Date.now() })
    }
  }
  new MutationObserver((records) => { for (const r of records) check(r.target) })
    .observe(document, { subtree: true, childList: true, characterData: true })
  bench.watch = (marker, selector) => {
    delete bench.found[marker]
    if (selector) bench.scopes[marker] = selector
    bench.watching.push(marker)
    check(document.body)
  }
})()`

/** Installs the probe in every page of the context, before the page's own scripts run. */
export async function installProbe(context: BrowserContext): Promise<void> {
  await context.addInitScript(PROBE_SCRIPT)
}

/** Starts watching for `marker` in the current document (only within elements matching `selector`, if given). */
export async function watchText(page: Page, marker: string, selector?: string): Promise<void> {
  await page.evaluate(([m, s]) => (window as unknown as { __bench: { watch(m: string, s?: string): void } }).__bench.watch(m, s), [marker, selector] as const)
}

/** An event frame that carried a watched text, in the page's clock. */
export type EventArrival = { at: number; event: string; text: string }

/** Starts timing the event frames that contain `text`. */
export async function watchEvents(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => (window as unknown as { __bench: { eventTexts: string[] } }).__bench.eventTexts.push(t), text)
}

/** The event frames that contained `text` so far; stops watching for it. */
export async function takeEventArrivals(page: Page, text: string): Promise<EventArrival[]> {
  return page.evaluate((t) => {
    const bench = (window as unknown as { __bench: { eventTexts: string[]; events: EventArrival[] } }).__bench
    bench.eventTexts = bench.eventTexts.filter((watched) => watched !== t)
    const mine = bench.events.filter((arrival) => arrival.text === t)
    bench.events = bench.events.filter((arrival) => arrival.text !== t)
    return mine
  }, text)
}

/** Watches for `marker` from the very start of the next navigation (init scripts pile up; harmless). */
export async function watchTextOnNextLoad(page: Page, marker: string): Promise<void> {
  // The probe is idempotent: installing it here too makes the order of init scripts irrelevant.
  await page.addInitScript(`${PROBE_SCRIPT};window.__bench.watch(${JSON.stringify(marker)})`)
}

/** Resolves with the marker's hit once it is in the DOM and a frame has followed. */
export async function waitForText(page: Page, marker: string, timeoutMs = 120_000): Promise<MarkerHit> {
  const handle = await page.waitForFunction(
    (m) => {
      const hit = (window as unknown as { __bench?: { found: Record<string, MarkerHit> } }).__bench?.found[m]
      return hit?.frameAt !== undefined ? hit : null
    },
    marker,
    { timeout: timeoutMs, polling: 50 },
  )
  return (await handle.jsonValue()) as MarkerHit
}

/** The page's performance.now() and Date.now(), read together. */
export async function pageClocks(page: Page): Promise<{ now: number; epochMs: number }> {
  return page.evaluate(() => ({ now: performance.now(), epochMs: Date.now() }))
}

export async function lastClickAt(page: Page): Promise<number | null> {
  return page.evaluate(() => (window as unknown as { __bench: { lastClickAt: number | null } }).__bench.lastClickAt)
}

export async function longTasks(page: Page): Promise<LongTask[]> {
  return page.evaluate(() => (window as unknown as { __bench: { longTasks: LongTask[] } }).__bench.longTasks)
}

export type PageRpc = { at: number; dir: 'sent' | 'answered'; id: string; method?: string }

/** Starts recording the page's requests and responses (page clock), forgetting earlier ones. */
export async function recordPageRpcs(page: Page): Promise<void> {
  await page.evaluate(() => {
    const bench = (window as unknown as { __bench: { rpcsArmed: boolean; rpcs: PageRpc[] } }).__bench
    bench.rpcs = []
    bench.rpcsArmed = true
  })
}

/** Stops recording and returns what was recorded. */
export async function takePageRpcs(page: Page): Promise<PageRpc[]> {
  return page.evaluate(() => {
    const bench = (window as unknown as { __bench: { rpcsArmed: boolean; rpcs: PageRpc[] } }).__bench
    bench.rpcsArmed = false
    return bench.rpcs
  })
}

/** JS heap of the page's main isolate, before and after a forced garbage collection, in bytes. */
export async function heapUsage(page: Page): Promise<{ usedBytes: number; afterGcBytes: number }> {
  const cdp = await page.context().newCDPSession(page)
  try {
    const before = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
    await cdp.send('HeapProfiler.collectGarbage')
    const after = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
    return { usedBytes: before.usedSize, afterGcBytes: after.usedSize }
  } finally {
    await cdp.detach()
  }
}

function frameOf(payload: string): Record<string, unknown> | null {
  try {
    const frame: unknown = JSON.parse(payload)
    return frame && typeof frame === 'object' ? (frame as Record<string, unknown>) : null
  } catch {
    return null
  }
}

/** One step of a page's WebSocket handshake, in this process's performance.now(). */
export type HandshakeStep = { at: number; step: 'open' | 'challenge' | 'connect' | 'refused' | 'hello-ok' | 'closed' | 'error'; detail?: string }

/**
 * Every hello-ok that reaches the page, as performance.now() of this process when it arrived, and
 * each handshake step before it (what a slow reconnect spent its time on).
 */
export class HelloWatcher {
  readonly times: number[] = []
  readonly steps: HandshakeStep[] = []
  /** Once connected: each request the page sends and each response it gets ("→ chat.send", "← chat.send"). */
  readonly rpcs: Array<{ at: number; what: string }> = []
  private waiters: Array<{ after: number; resolve: (t: number) => void }> = []

  constructor(page: Page) {
    page.on('websocket', (socket) => {
      const step = (s: HandshakeStep['step'], detail?: string, at = performance.now()) => this.steps.push({ at, step: s, ...(detail ? { detail } : {}) })
      step('open')
      let isConnected = false
      const methods = new Map<string, string>()
      socket.on('framesent', ({ payload }) => {
        if (typeof payload !== 'string') return
        if (!isConnected) {
          if (payload.includes('"method":"connect"')) step('connect')
          return
        }
        const request = frameOf(payload)
        if (request?.type !== 'req' || typeof request.id !== 'string' || typeof request.method !== 'string') return
        methods.set(request.id, request.method)
        this.rpcs.push({ at: performance.now(), what: `→ ${request.method}` })
      })
      socket.on('framereceived', ({ payload }) => {
        if (typeof payload !== 'string') return
        if (isConnected) {
          // Only responses: the stream's 2,000 chat events are not parsed.
          const response = payload.includes('"type":"res"') ? frameOf(payload) : null
          const method = typeof response?.id === 'string' ? methods.get(response.id) : undefined
          if (method) this.rpcs.push({ at: performance.now(), what: `← ${method}${response?.ok === false ? ' (refused)' : ''}` })
          return
        }
        // hello-ok first: its feature list names connect.challenge too.
        if (payload.includes('"hello-ok"')) {
          isConnected = true
          const now = performance.now()
          step('hello-ok', undefined, now)
          this.times.push(now)
          this.waiters = this.waiters.filter((w) => (now >= w.after ? (w.resolve(now), false) : true))
        } else if (payload.includes('"connect.challenge"')) step('challenge')
        else if (payload.includes('"ok":false')) step('refused', /"message":"([^"]{0,80})/.exec(payload)?.[1])
      })
      socket.on('close', () => step('closed'))
      socket.on('socketerror', (error) => step('error', String(error).slice(0, 80)))
    })
  }

  /** The handshake steps from `from` to `to`, in ms relative to `origin`. */
  stepsBetween(from: number, to: number, origin: number): Array<[number, string]> {
    return this.steps.filter((s) => s.at >= from && s.at <= to).map((s) => [Math.round(s.at - origin), s.detail ? `${s.step}: ${s.detail}` : s.step])
  }

  /** The requests and responses from `from` on (at most `limit`), in ms relative to it. */
  rpcsFrom(from: number, limit = 20): Array<[number, string]> {
    return this.rpcs
      .filter((r) => r.at >= from)
      .slice(0, limit)
      .map((r) => [Math.round(r.at - from), r.what])
  }

  /** The first hello-ok at or after `after` (this process's performance.now()). */
  next(after: number, timeoutMs = 60_000): Promise<number> {
    const seen = this.times.find((t) => t >= after)
    if (seen !== undefined) return Promise.resolve(seen)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no hello-ok within ${timeoutMs} ms`)), timeoutMs)
      this.waiters.push({ after, resolve: (t) => (clearTimeout(timer), resolve(t)) })
    })
  }
}
