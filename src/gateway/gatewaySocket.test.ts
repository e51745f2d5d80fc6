// @vitest-environment node
/**
 * The GatewaySocket on its own: real `ws` sockets to a FakeGateway on port 0, a hand-cranked clock
 * and a controllable environment, as the client tests use them.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { WebSocket } from 'ws'
import { gatewayAddress } from './gatewayAddress'
import { createGatewaySocket, type GatewaySocket, type SocketClose } from './gatewaySocket'
import { reqFrame } from './protocol'
import { delay, FakeEnvironment, FakeGateway, ManualTimers, RecordingSocket } from './testing/fakeGateway'

let gateway: FakeGateway
let socket: GatewaySocket
let timers: ManualTimers
let environment: FakeEnvironment
let sockets: RecordingSocket[]
let seen: { frames: unknown[]; closes: SocketClose[]; offline: number; wakes: number }

beforeEach(async () => {
  gateway = await FakeGateway.start()
  timers = new ManualTimers()
  environment = new FakeEnvironment()
  sockets = []
  seen = { frames: [], closes: [], offline: 0, wakes: 0 }
  socket = createGatewaySocket({
    url: gateway.url,
    timers,
    environment,
    socketFactory: (url) => {
      const recording = new RecordingSocket(new WebSocket(url))
      sockets.push(recording)
      return recording
    },
  })
  socket.onFrame((data) => seen.frames.push(data))
  socket.onClose((close) => seen.closes.push(close))
  socket.onOffline(() => seen.offline++)
  socket.onWake(() => seen.wakes++)
})

afterEach(async () => {
  socket.close('test over')
  await gateway.close()
})

/** Opens a socket and waits until it is open on both ends. */
async function openSocket(index = gateway.count) {
  socket.open()
  const connection = await gateway.connection(index)
  await vi.waitFor(() => expect(socket.status).toBe('open'))
  return connection
}

describe('one socket at a time', () => {
  it('opens a socket, hands on its frames as they came, and sends text on it', async () => {
    expect(socket.status).toBe('idle')
    socket.open()
    expect(socket.status).toBe('connecting')
    const connection = await gateway.connection(0)
    await vi.waitFor(() => expect(socket.status).toBe('open'))
    connection.send('not even JSON')
    connection.send({ type: 'event', event: 'tick' })
    await vi.waitFor(() => expect(seen.frames).toHaveLength(2))
    expect(seen.frames).toEqual(['not even JSON', '{"type":"event","event":"tick"}'])
    socket.send('{"type":"req"}')
    await vi.waitFor(() => expect(connection.raw).toEqual(['{"type":"req"}']))
  })

  it('replaces a live socket: the old one is closed with 4000, and what it still emits is ignored', async () => {
    const first = await openSocket()
    const second = await openSocket()
    expect(await first.closed).toEqual({ code: 4000, reason: 'replaced by a new socket' })
    const stale = sockets[0]!
    // The stale-socket guard: the handlers the old socket had can still fire (a message in flight, its close).
    stale.installedMessage?.({ data: 'late frame' })
    stale.installedClose?.({ code: 1006, reason: '' })
    expect(seen.frames).toEqual([])
    expect(seen.closes).toEqual([])
    expect(socket.status).toBe('open')
    second.send('fresh')
    await vi.waitFor(() => expect(seen.frames).toEqual(['fresh']))
  })

  it('drops a socket on request: closed with the reason given, no close reported, nothing it emits later gets through', async () => {
    const connection = await openSocket()
    socket.drop('connect refused')
    expect(socket.status).toBe('idle')
    expect(await connection.closed).toEqual({ code: 4000, reason: 'connect refused' })
    sockets[0]!.installedMessage?.({ data: 'after the drop' })
    sockets[0]!.installedClose?.({ code: 1000, reason: '' })
    expect(seen).toMatchObject({ frames: [], closes: [] })
    socket.drop('again') // nothing live: nothing happens
    expect(socket.status).toBe('idle')
  })

  it('reports a close by the gateway once, and is idle afterwards', async () => {
    const connection = await openSocket()
    connection.socket.close(1012, 'service restart')
    await vi.waitFor(() => expect(seen.closes).toEqual([{ by: 'gateway', code: 1012, reason: 'service restart' }]))
    expect(socket.status).toBe('idle')
    await delay(30)
    expect(seen.closes).toHaveLength(1)
  })

  it('reports the network dropping the link (1006)', async () => {
    const connection = await openSocket()
    connection.socket.terminate()
    await vi.waitFor(() => expect(seen.closes).toEqual([{ by: 'gateway', code: 1006, reason: '' }]))
  })

  it('hands each subscriber an unsubscribe that works', async () => {
    const connection = await openSocket()
    const mine: unknown[] = []
    const unsubscribe = socket.onFrame((data) => mine.push(data))
    connection.send('one')
    await vi.waitFor(() => expect(mine).toEqual(['one']))
    unsubscribe()
    connection.send('two')
    await vi.waitFor(() => expect(seen.frames).toEqual(['one', 'two']))
    expect(mine).toEqual(['one'])
  })
})

describe('credentials go only to their own gateway (issue 19)', () => {
  const connectFrame = JSON.stringify(reqFrame('c1', 'connect', { auth: { deviceToken: 'secret-of-A' } }))

  it('sends a credential-bearing frame only when the socket leads to the address it is bound to', async () => {
    socket.open()
    const connection = await gateway.connection(0)
    await vi.waitFor(() => expect(socket.status).toBe('open'))
    expect(socket.sendBound(connectFrame, 'ws://127.0.0.1:1')).toBe(false)
    expect(socket.sendBound(connectFrame, gatewayAddress(`${gateway.url}/`))).toBe(true)
    await vi.waitFor(() => expect(connection.raw).toEqual([connectFrame]))
  })

  it('never sends a connect request through plain send(), whoever calls it', async () => {
    socket.open()
    const connection = await gateway.connection(0)
    await vi.waitFor(() => expect(socket.status).toBe('open'))
    socket.send(connectFrame)
    socket.send('{"type":"req","id":"2","method":"health"}')
    await vi.waitFor(() => expect(connection.raw).toEqual(['{"type":"req","id":"2","method":"health"}']))
  })
})

describe('deadlines and the tick watchdog', () => {
  it('drops a socket that stays silent for two tick intervals and reports a timeout', async () => {
    const connection = await openSocket()
    socket.armWatchdog(5_000)
    timers.advance(9_999)
    expect(seen.closes).toEqual([])
    expect(socket.status).toBe('open')
    timers.advance(1)
    expect(seen.closes).toEqual([{ by: 'timeout', reason: 'tick timeout' }])
    expect(socket.status).toBe('idle')
    expect(await connection.closed).toEqual({ code: 4000, reason: 'tick timeout' })
  })

  it('starts the wait over each time it is armed again', async () => {
    await openSocket()
    socket.armWatchdog(5_000)
    for (let tick = 0; tick < 5; tick++) {
      timers.advance(9_000)
      socket.armWatchdog(5_000)
    }
    timers.advance(9_999)
    expect(seen.closes).toEqual([])
    timers.advance(1)
    expect(seen.closes).toEqual([{ by: 'timeout', reason: 'tick timeout' }])
  })

  it.each([
    ['the gateway’s 1 ms, raised to 5 s', 1, 10_000],
    ['no interval at all, taken as 30 s', undefined, 60_000],
    ['the gateway’s 45 s', 45_000, 90_000],
    ['a week, capped at 10 min', 7 * 24 * 3_600_000, 20 * 60_000],
  ])('waits twice the tick interval: %s', async (_name, tickIntervalMs, waitMs) => {
    await openSocket()
    socket.armWatchdog(tickIntervalMs)
    expect(timers.pending()).toEqual([waitMs])
  })

  it('keeps one deadline at a time, and a deadline dies with its socket', async () => {
    await openSocket()
    socket.setDeadline(10_000, 'connect timeout')
    socket.setDeadline(15_000, 'connect timeout')
    expect(timers.pending()).toEqual([15_000])
    socket.clearDeadline()
    expect(timers.pending()).toEqual([])
    socket.setDeadline(1_000, 'connect timeout')
    socket.drop('connect refused')
    expect(timers.pending()).toEqual([])
    await openSocket()
    socket.armWatchdog(5_000)
    socket.open() // replaced: its deadline goes with it
    expect(timers.pending()).toEqual([])
    timers.advance(60_000)
    expect(seen.closes).toEqual([])
  })

  it('arms nothing while no socket is live', () => {
    socket.setDeadline(1_000, 'connect timeout')
    socket.armWatchdog(5_000)
    expect(timers.pending()).toEqual([])
  })
})

describe('the environment', () => {
  it('drops the live socket when the browser goes offline and says so, with no close reported', async () => {
    const connection = await openSocket()
    environment.goOffline()
    expect(seen.offline).toBe(1)
    expect(socket.status).toBe('idle')
    expect(await connection.closed).toEqual({ code: 4000, reason: 'browser offline' })
    expect(seen.closes).toEqual([])
  })

  it('says so when the browser goes offline with no socket live too', () => {
    environment.goOffline()
    environment.goOffline()
    expect(seen.offline).toBe(2)
  })

  it('wakes its listeners when back online or visible, but only while no socket is live', async () => {
    await openSocket()
    environment.goOnline()
    environment.becomeVisible()
    expect(seen.wakes).toBe(0)
    socket.drop('retry requested')
    environment.goOnline()
    environment.becomeVisible()
    expect(seen.wakes).toBe(2)
  })
})

describe('close', () => {
  it('closes the live socket normally, once, and the instance stays dead', async () => {
    const connection = await openSocket()
    const closeSpy = vi.spyOn(sockets[0]!, 'close')
    socket.close('client stopped')
    socket.close('client stopped')
    expect(closeSpy).toHaveBeenCalledTimes(1)
    expect(socket.status).toBe('closed')
    expect(await connection.closed).toEqual({ code: 1000, reason: 'client stopped' })
    environment.goOffline()
    environment.goOnline()
    environment.becomeVisible()
    socket.open()
    socket.send('nobody hears this')
    socket.armWatchdog(5_000)
    await delay(80)
    expect(gateway.count).toBe(1)
    expect(timers.pending()).toEqual([])
    expect(socket.status).toBe('closed')
    expect(seen).toEqual({ frames: [], closes: [], offline: 0, wakes: 0 })
  })

  it('stops listening to the environment', () => {
    let listening = 0
    const counted = (subscribe: (callback: () => void) => () => void) => (callback: () => void) => {
      listening++
      const off = subscribe(callback)
      return () => {
        listening--
        off()
      }
    }
    const own = createGatewaySocket({
      url: gateway.url,
      timers,
      environment: {
        isOnline: () => environment.isOnline(),
        onOnline: counted((callback) => environment.onOnline(callback)),
        onOffline: counted((callback) => environment.onOffline(callback)),
        onVisible: counted((callback) => environment.onVisible(callback)),
      },
    })
    expect(listening).toBe(3)
    own.close('client stopped')
    expect(listening).toBe(0)
    own.close('client stopped')
    expect(listening).toBe(0)
  })

  it('is fine to call with no socket ever opened', () => {
    socket.close('client stopped')
    expect(socket.status).toBe('closed')
    environment.goOffline()
    expect(seen.offline).toBe(0)
  })
})
