import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

/** A service worker registration whose workers the test moves through their states. */
class FakeWorker extends EventTarget {
  state = 'installing'
  messages: unknown[] = []
  postMessage(message: unknown) {
    this.messages.push(message)
  }
  become(state: string) {
    this.state = state
    this.dispatchEvent(new Event('statechange'))
  }
}

class FakeRegistration extends EventTarget {
  waiting: FakeWorker | null = null
  installing: FakeWorker | null = null
  update = vi.fn(async () => undefined)
  /** A new version was found and installed next to the running one. */
  install(): FakeWorker {
    const worker = new FakeWorker()
    this.installing = worker
    this.dispatchEvent(new Event('updatefound'))
    this.installing = null
    this.waiting = worker
    worker.become('installed')
    return worker
  }
}

class FakeContainer extends EventTarget {
  registration = new FakeRegistration()
  constructor(public controller: object | null) {
    super()
  }
  register = vi.fn(async () => this.registration)
  takeControl() {
    this.controller = {}
    this.dispatchEvent(new Event('controllerchange'))
  }
}

const reload = vi.fn()

async function start(controller: object | null) {
  const container = new FakeContainer(controller)
  vi.stubGlobal('navigator', { serviceWorker: container, onLine: true })
  vi.stubGlobal('window', { location: { reload } })
  const sw = await import('./serviceWorker')
  const changes = vi.fn()
  sw.subscribeUpdate(changes)
  await sw.registerServiceWorker({ url: '/sw.js', scope: '/', checkEveryMs: 3_600_000 })
  return { sw, container, changes }
}

beforeEach(() => {
  vi.resetModules()
  vi.useFakeTimers()
  reload.mockClear()
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('registerServiceWorker', () => {
  it('registers /sw.js once, however often it is called', async () => {
    const { sw, container } = await start(null)
    await sw.registerServiceWorker({ url: '/sw.js', scope: '/', checkEveryMs: 1 })
    expect(container.register).toHaveBeenCalledTimes(1)
    expect(container.register).toHaveBeenCalledWith('/sw.js', { scope: '/' })
  })

  it('a first install taking control of the page is not an update', async () => {
    const { sw, container } = await start(null)
    container.registration.install()
    container.takeControl()
    expect(sw.isUpdateWaiting()).toBe(false)
    expect(reload).not.toHaveBeenCalled()
  })

  it('a new version installed next to the running one is offered, and announced to subscribers', async () => {
    const { sw, container, changes } = await start({})
    expect(sw.isUpdateWaiting()).toBe(false)
    container.registration.install()
    expect(sw.isUpdateWaiting()).toBe(true)
    expect(changes).toHaveBeenCalledTimes(1)
  })

  it('a version already waiting when the page loads is offered at once', async () => {
    const container = new FakeContainer({})
    container.registration.waiting = new FakeWorker()
    vi.stubGlobal('navigator', { serviceWorker: container, onLine: true })
    const sw = await import('./serviceWorker')
    await sw.registerServiceWorker({ url: '/sw.js', scope: '/', checkEveryMs: 3_600_000 })
    expect(sw.isUpdateWaiting()).toBe(true)
  })

  it('Reload tells the waiting worker to take over and reloads only once it controls the page', async () => {
    const { sw, container } = await start({})
    const waiting = container.registration.install()
    sw.applyUpdate()
    expect(waiting.messages).toEqual([{ type: 'SKIP_WAITING' }])
    expect(sw.isUpdateWaiting()).toBe(false)
    expect(reload).not.toHaveBeenCalled()
    container.takeControl()
    expect(reload).toHaveBeenCalledTimes(1)
  })

  it("another tab's Reload brings the offer back here instead of reloading this page", async () => {
    const { sw, container } = await start({})
    container.registration.install()
    sw.dismissUpdate()
    expect(sw.isUpdateWaiting()).toBe(false)
    container.registration.waiting = null
    container.takeControl()
    expect(sw.isUpdateWaiting()).toBe(true)
    expect(reload).not.toHaveBeenCalled()
    // Nothing waits any more: Reload just loads the page again.
    sw.applyUpdate()
    expect(reload).toHaveBeenCalledTimes(1)
  })

  it('asks the server for a new version on the interval, only while online', async () => {
    const { container } = await start({})
    vi.advanceTimersByTime(3_600_000)
    expect(container.registration.update).toHaveBeenCalledTimes(1)
    ;(navigator as { onLine: boolean }).onLine = false
    vi.advanceTimersByTime(3_600_000)
    expect(container.registration.update).toHaveBeenCalledTimes(1)
  })
})
