// @vitest-environment node
/**
 * The node asks before it looks or locates (issue 19, item 2): through the store, on a fake gateway.
 * Camera and location are off for a fresh gateway, then each request waits for the user's answer.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { gatewayAddress } from '../gateway'
import { FakeGateway, type GatewayConnection } from '../gateway/testing/fakeGateway'
import type { CameraApi, NodeBrowserApis } from '../gateway/node'
import { baseApis, fakeStill, position } from '../gateway/node/testing/fakeBrowser'
import { clearAllDatabases, createTestStore, gatewayRecord, until } from './testing/storeTestkit'
import { saveInitialSecrets } from './vaultStorage'

let gateway: FakeGateway | undefined
const disposers: Array<() => void> = []

beforeEach(clearAllDatabases)
afterEach(async () => {
  for (const dispose of disposers.splice(0)) dispose()
  await gateway?.close()
  gateway = undefined
})

/** A camera that counts what it does: turned on (the preview), stills taken, turned off. */
function fakeCamera() {
  const counts = { opens: 0, stills: 0, closes: 0 }
  const camera: CameraApi = {
    listVideoInputs: async () => [{ deviceId: 'cam', label: 'Front camera' }],
    open: async () => {
      counts.opens++
      return {
        preview: { id: 'live' } as unknown as MediaStream,
        still: async () => (counts.stills++, fakeStill(320, 240)),
        close: () => void counts.closes++,
      }
    },
  }
  return { camera, counts }
}

function fakeGeolocation() {
  const reads = { count: 0 }
  const geolocation = {
    getCurrentPosition: (success: (p: ReturnType<typeof position>) => void) => {
      reads.count++
      success(position(48.2, 16.37))
    },
  }
  return { geolocation, reads }
}

async function connectNode(apis: NodeBrowserApis, nodeCommandsOn?: string[]) {
  gateway = await FakeGateway.start()
  const created = createTestStore({ nodeApis: apis })
  disposers.push(() => {
    created.store.getState().clientFor('N', 'node')?.stop()
    created.dispose()
  })
  const { store } = created
  await saveInitialSecrets('N', { shared: { token: 'shared-token', addresses: [gatewayAddress(gateway.url)] } })
  await store.getState().addGateway(gatewayRecord('N', gateway.url, { role: 'node', label: 'Home', ...(nodeCommandsOn ? { nodeCommandsOn } : {}) }))
  const connection = await gateway.connection(0)
  await connection.handshake({ auth: { method: 'token', role: 'node', scopes: [], deviceToken: 'node-token' } })
  await until(() => expect(store.getState().statuses.N?.phase).toBe('connected'))
  return { store, connection }
}

function invoke(connection: GatewayConnection, id: string, command: string, params: unknown = {}, timeoutMs = 20_000) {
  connection.event('node.invoke.request', { id, nodeId: 'the-device', command, paramsJSON: JSON.stringify(params), timeoutMs, idempotencyKey: `key-${id}` })
}

async function resultFor(connection: GatewayConnection, id: string) {
  const frame = await connection.take((f) => f.type === 'req' && f.method === 'node.invoke.result' && (f.params as { id?: string }).id === id, 5_000)
  connection.respond(String(frame.id), { ok: true })
  return frame.params as { ok: boolean; payload?: Record<string, unknown>; error?: { code: string; message: string } }
}

describe('camera and location consent', () => {
  it('a fresh gateway answers camera.snap CAMERA_DISABLED and location.get LOCATION_DISABLED, turning on neither', async () => {
    const { camera, counts } = fakeCamera()
    const { geolocation, reads } = fakeGeolocation()
    const { store, connection } = await connectNode(baseApis({ camera, geolocation }))
    invoke(connection, 'snap', 'camera.snap')
    expect(await resultFor(connection, 'snap')).toMatchObject({ ok: false, error: { code: 'CAMERA_DISABLED' } })
    invoke(connection, 'where', 'location.get', { desiredAccuracy: 'precise' })
    expect(await resultFor(connection, 'where')).toMatchObject({ ok: false, error: { code: 'LOCATION_DISABLED' } })
    expect(counts).toEqual({ opens: 0, stills: 0, closes: 0 })
    expect(reads.count).toBe(0)
    expect(store.getState().nodeConsent).toBeNull()
  })

  it('switched on, a photo waits for the sheet with the live preview; "Allow once" takes one still, and the log says so', async () => {
    const { camera, counts } = fakeCamera()
    const { store, connection } = await connectNode(baseApis({ camera }))
    await store.getState().setNodeCommandEnabled('N', 'camera.snap', true)
    invoke(connection, 'snap', 'camera.snap', { facing: 'front' })
    await until(() => expect(store.getState().nodeConsent).toMatchObject({ kind: 'camera', gatewayId: 'N', invokeId: 'snap', preview: { id: 'live' } }))
    expect(store.getState().sensorsInUse).toEqual([{ gatewayId: 'N', kind: 'camera' }])
    expect(counts.stills).toBe(0)
    store.getState().answerNodeConsent('allow-once')
    expect(await resultFor(connection, 'snap')).toMatchObject({ ok: true, payload: { format: 'jpg', width: 320 } })
    expect(counts).toEqual({ opens: 1, stills: 1, closes: 1 })
    expect(store.getState().nodeConsent).toBeNull()
    expect(store.getState().sensorsInUse).toEqual([])
    await until(() =>
      expect(store.getState().nodes.N?.log[0]).toMatchObject({
        command: 'camera.snap',
        state: 'sent',
        detail: 'front',
        consent: { answer: 'allow-once', atMs: expect.any(Number) },
      }),
    )
  })

  it('"Deny" takes no still and answers CAMERA_CONSENT_DENIED; the log names the answer', async () => {
    const { camera, counts } = fakeCamera()
    const { store, connection } = await connectNode(baseApis({ camera }), ['camera.snap'])
    invoke(connection, 'snap', 'camera.snap')
    await until(() => expect(store.getState().nodeConsent?.kind).toBe('camera'))
    store.getState().answerNodeConsent('deny')
    expect(await resultFor(connection, 'snap')).toMatchObject({ ok: false, error: { code: 'CAMERA_CONSENT_DENIED' } })
    expect(counts).toEqual({ opens: 1, stills: 0, closes: 1 })
    await until(() => expect(store.getState().nodes.N?.log[0]).toMatchObject({ state: 'failed', consent: { answer: 'deny' } }))
  })

  it('the app leaving the screen while the sheet is up ends it unanswered; a hidden app is refused without a sheet', async () => {
    const { camera, counts } = fakeCamera()
    let isVisible = true
    let hide: (() => void) | undefined
    const apis = baseApis({ camera, isVisible: () => isVisible, onHidden: (listener) => ((hide = listener), () => (hide = undefined)) })
    const { store, connection } = await connectNode(apis, ['camera.snap'])
    invoke(connection, 'snap', 'camera.snap')
    await until(() => expect(store.getState().nodeConsent?.kind).toBe('camera'))
    isVisible = false
    hide?.()
    expect(await resultFor(connection, 'snap')).toMatchObject({ ok: false, error: { code: 'CAMERA_CONSENT_DENIED' } })
    await until(() => expect(store.getState().nodes.N?.log[0]).toMatchObject({ consent: { answer: 'unanswered' } }))

    invoke(connection, 'hidden', 'camera.snap')
    expect(await resultFor(connection, 'hidden')).toMatchObject({ ok: false, error: { code: 'NODE_BACKGROUND_UNAVAILABLE' } })
    expect(counts).toEqual({ opens: 1, stills: 0, closes: 1 })
  })

  it('location "Allow for 1 hour" answers the next request without a sheet, until location is switched off', async () => {
    const { geolocation, reads } = fakeGeolocation()
    const { store, connection } = await connectNode(baseApis({ geolocation }), ['location.get'])
    invoke(connection, 'one', 'location.get', { desiredAccuracy: 'precise' })
    await until(() => expect(store.getState().nodeConsent).toMatchObject({ kind: 'location', accuracy: 'precise' }))
    expect(reads.count).toBe(0)
    store.getState().answerNodeConsent('allow-hour')
    expect(await resultFor(connection, 'one')).toMatchObject({ ok: true, payload: { lat: 48.2 } })

    invoke(connection, 'two', 'location.get')
    expect(await resultFor(connection, 'two')).toMatchObject({ ok: true })
    await until(() => expect(store.getState().nodes.N?.log[0]).toMatchObject({ id: 'two', consent: { answer: 'grant' } }))

    await store.getState().setNodeCommandEnabled('N', 'location.get', false)
    await store.getState().setNodeCommandEnabled('N', 'location.get', true)
    invoke(connection, 'three', 'location.get')
    await until(() => expect(store.getState().nodeConsent?.invokeId).toBe('three'))
    store.getState().answerNodeConsent('deny')
    expect(await resultFor(connection, 'three')).toMatchObject({ ok: false, error: { code: 'LOCATION_CONSENT_DENIED' } })
    expect(reads.count).toBe(2)
  })

  it('a second request while a sheet is up does not replace it: it is answered unanswered at once', async () => {
    const { camera } = fakeCamera()
    const { store, connection } = await connectNode(baseApis({ camera }), ['camera.snap'])
    invoke(connection, 'first', 'camera.snap')
    await until(() => expect(store.getState().nodeConsent?.invokeId).toBe('first'))
    invoke(connection, 'second', 'camera.snap')
    expect(await resultFor(connection, 'second')).toMatchObject({ ok: false, error: { code: 'CAMERA_CONSENT_DENIED' } })
    expect(store.getState().nodeConsent?.invokeId).toBe('first')
    store.getState().answerNodeConsent('deny')
    await resultFor(connection, 'first')
  })

  it('forgetting the gateway takes its sheet down', async () => {
    const { camera, counts } = fakeCamera()
    const { store, connection } = await connectNode(baseApis({ camera }), ['camera.snap'])
    invoke(connection, 'snap', 'camera.snap')
    await until(() => expect(store.getState().nodeConsent).not.toBeNull())
    await store.getState().forgetGateway('N')
    await until(() => expect(store.getState().nodeConsent).toBeNull())
    await until(() => expect(counts.closes).toBe(1))
    expect(counts.stills).toBe(0)
  })
})
