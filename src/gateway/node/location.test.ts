// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { GeolocationApi, PermissionStatus } from './browserApis'
import type { AskConsent } from './consentAsk'
import { COARSE_MIN_ACCURACY_M, locationHandler } from './location'
import { baseApis, context, position } from './testing/fakeBrowser'

afterEach(() => vi.useRealTimers())

type Call = Parameters<GeolocationApi['getCurrentPosition']>
function geolocation(answer: (success: Call[0], failure: Call[1]) => void) {
  const calls: Call[2][] = []
  const api: GeolocationApi = {
    getCurrentPosition(success, failure, options) {
      calls.push(options)
      answer(success, failure)
    },
  }
  return { api, calls }
}

const handlerWith = (geo: GeolocationApi | undefined, permission: PermissionStatus = 'granted', askConsent: AskConsent = async () => 'allow-once') =>
  locationHandler(baseApis({ ...(geo ? { geolocation: geo } : {}), permission: async () => permission }), { askConsent })

describe('location.get', () => {
  it('answers the documented payload and maps the params onto the Geolocation API', async () => {
    const geo = geolocation((success) => success(position(48.20849, 16.37208)))
    const payload = await handlerWith(geo.api)({ timeoutMs: 5_000, maxAgeMs: 15_000, desiredAccuracy: 'precise' }, context())
    expect(payload).toEqual({
      lat: 48.20849,
      lon: 16.37208,
      accuracyMeters: 12.5,
      altitudeMeters: 182,
      speedMps: 0,
      timestamp: '2026-01-03T12:34:56.000Z',
      isPrecise: true,
      source: 'unknown',
    })
    expect(geo.calls).toEqual([{ enableHighAccuracy: true, timeout: 5_000, maximumAge: 15_000 }])
  })

  it('defaults to a 10 s balanced fix without cached positions', async () => {
    const geo = geolocation((success) => success(position(1, 2)))
    await handlerWith(geo.api)({}, context())
    expect(geo.calls).toEqual([{ enableHighAccuracy: false, timeout: 10_000, maximumAge: 0 }])
  })

  it('coarse: rounds to a ~2 km grid, reports at least 2 km uncertainty, drops altitude and speed', async () => {
    const geo = geolocation((success) => success(position(48.20849, 16.37208, 8)))
    const payload = await handlerWith(geo.api)({ desiredAccuracy: 'coarse' }, context())
    expect(payload).toEqual({
      lat: 48.2,
      lon: 16.38,
      accuracyMeters: COARSE_MIN_ACCURACY_M,
      timestamp: '2026-01-03T12:34:56.000Z',
      isPrecise: false,
      source: 'unknown',
    })
  })

  it('a denied browser permission ends in LOCATION_PERMISSION_REQUIRED', async () => {
    const geo = geolocation((_success, failure) => failure({ code: 1, message: 'User denied Geolocation' }))
    await expect(handlerWith(geo.api, 'prompt')({}, context())).rejects.toMatchObject({ code: 'LOCATION_PERMISSION_REQUIRED' })
  })

  it('a permission already blocked fails at once, without asking the browser for a position', async () => {
    const geo = geolocation(() => {})
    await expect(handlerWith(geo.api, 'denied')({}, context())).rejects.toMatchObject({ code: 'LOCATION_PERMISSION_REQUIRED' })
    expect(geo.calls).toEqual([])
  })

  it('no Geolocation API: LOCATION_UNAVAILABLE', async () => {
    await expect(handlerWith(undefined)({}, context())).rejects.toMatchObject({ code: 'LOCATION_UNAVAILABLE' })
  })

  it('maps POSITION_UNAVAILABLE and TIMEOUT to their documented codes', async () => {
    await expect(handlerWith(geolocation((_s, failure) => failure({ code: 2, message: 'no fix' })).api)({}, context())).rejects.toMatchObject({
      code: 'LOCATION_UNAVAILABLE',
      message: 'no fix',
    })
    await expect(handlerWith(geolocation((_s, failure) => failure({ code: 3, message: 'Timeout expired' })).api)({}, context())).rejects.toMatchObject({
      code: 'LOCATION_TIMEOUT',
    })
  })

  it('honours timeoutMs even when the browser never answers (LOCATION_TIMEOUT after exactly that long)', async () => {
    vi.useFakeTimers()
    const geo = geolocation(() => {})
    let outcome: unknown
    handlerWith(geo.api)({ timeoutMs: 3_000 }, context()).catch((error: unknown) => (outcome = error))
    await vi.advanceTimersByTimeAsync(2_999)
    expect(outcome).toBeUndefined()
    await vi.advanceTimersByTimeAsync(1)
    expect(outcome).toMatchObject({ code: 'LOCATION_TIMEOUT' })
  })

  it('a permission prompt nobody answers is reported as such, not as a missing fix', async () => {
    vi.useFakeTimers()
    let outcome: unknown
    handlerWith(geolocation(() => {}).api, 'prompt')({ timeoutMs: 1_000 }, context()).catch((error: unknown) => (outcome = error))
    await vi.advanceTimersByTimeAsync(1_000)
    expect(outcome).toMatchObject({ code: 'LOCATION_PERMISSION_REQUIRED', message: expect.stringContaining('still asking') })
  })

  it('never asks for more time than the invocation has left', async () => {
    const geo = geolocation((success) => success(position(1, 2)))
    await handlerWith(geo.api)({ timeoutMs: 60_000 }, context(4_000))
    expect(geo.calls[0]?.timeout).toBe(3_750)
  })

  it('refuses an unknown accuracy with INVALID_REQUEST', async () => {
    await expect(handlerWith(geolocation(() => {}).api)({ desiredAccuracy: 'exact' }, context())).rejects.toMatchObject({ code: 'INVALID_REQUEST' })
  })

  it('asks the user first (naming the accuracy) and reads the position only once allowed', async () => {
    const geo = geolocation((success) => success(position(48.2, 16.37)))
    const asked: string[] = []
    const askConsent: AskConsent = async (request) => {
      asked.push(`${request.kind} ${request.kind === 'location' ? request.accuracy : ''} after ${geo.calls.length} reads`)
      return 'allow-hour'
    }
    const inUse: boolean[] = []
    const handler = locationHandler(baseApis({ geolocation: geo.api, permission: async () => 'granted' }), {
      askConsent,
      onLocationInUse: (on) => inUse.push(on),
    })
    await expect(handler({ desiredAccuracy: 'precise' }, context())).resolves.toMatchObject({ lat: 48.2 })
    expect(asked).toEqual(['location precise after 0 reads'])
    expect(geo.calls).toHaveLength(1)
    expect(inUse).toEqual([true, false])
  })

  it('denied or unanswered: LOCATION_CONSENT_DENIED, and the position is never read', async () => {
    const geo = geolocation((success) => success(position(48.2, 16.37)))
    await expect(handlerWith(geo.api, 'granted', async () => 'deny')({}, context())).rejects.toMatchObject({
      code: 'LOCATION_CONSENT_DENIED',
      message: 'the user declined to share the location',
    })
    await expect(handlerWith(geo.api, 'granted', async () => 'unanswered')({}, context())).rejects.toMatchObject({
      code: 'LOCATION_CONSENT_DENIED',
      message: 'the user did not allow sharing the location in time',
    })
    expect(geo.calls).toEqual([])
  })
})
