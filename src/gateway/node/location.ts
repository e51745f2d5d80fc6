/**
 * `location.get` (docs/nodes/location-command.md): params `{timeoutMs, maxAgeMs, desiredAccuracy}`,
 * answer `{lat, lon, accuracyMeters, altitudeMeters?, speedMps?, headingDeg?, timestamp, isPrecise,
 * source}`, errors LOCATION_PERMISSION_REQUIRED / LOCATION_TIMEOUT / LOCATION_UNAVAILABLE.
 */
import * as z from 'zod/mini'
import type { GeolocationApi, GeoPosition, NodeBrowserApis } from './browserApis'
import { askConsent, type AskConsent } from './consentAsk'
import { isAllowed, refusalError } from './consentPolicy'
import { parseParams, withTimeout, type CommandHandler, type InvokeContext } from './handler'
import { NodeCommandError, NodeErrorCode } from './nodeErrors'

export const DEFAULT_LOCATION_TIMEOUT_MS = 10_000
/** Approximate answers keep at least this much uncertainty, as the Android node does. */
export const COARSE_MIN_ACCURACY_M = 2_000
const PRECISE_MAX_ACCURACY_M = 100
/** Leave this much of the invocation's time for sending the answer. */
const ANSWER_RESERVE_MS = 250

const LocationParams = z.looseObject({
  timeoutMs: z.optional(z.number().check(z.positive())),
  maxAgeMs: z.optional(z.number().check(z.nonnegative())),
  desiredAccuracy: z.optional(z.literal(['coarse', 'balanced', 'precise'])),
})
type LocationParams = z.infer<typeof LocationParams>
type Accuracy = 'coarse' | 'balanced' | 'precise'

/** Rounds to a 0.02° grid (about 2 km) so a coarse answer does not leak the precise spot. */
const coarsen = (degrees: number) => Math.round(degrees * 50) / 50

function toPayload(position: GeoPosition, accuracy: Accuracy) {
  const { coords } = position
  const timestamp = new Date(position.timestamp).toISOString()
  if (accuracy === 'coarse') {
    return {
      lat: coarsen(coords.latitude),
      lon: coarsen(coords.longitude),
      accuracyMeters: Math.max(coords.accuracy, COARSE_MIN_ACCURACY_M),
      timestamp,
      isPrecise: false,
      source: 'unknown',
    }
  }
  return {
    lat: coords.latitude,
    lon: coords.longitude,
    accuracyMeters: coords.accuracy,
    ...(coords.altitude !== null ? { altitudeMeters: coords.altitude } : {}),
    ...(coords.speed !== null && Number.isFinite(coords.speed) ? { speedMps: coords.speed } : {}),
    ...(coords.heading !== null && Number.isFinite(coords.heading) ? { headingDeg: coords.heading } : {}),
    timestamp,
    isPrecise: coords.accuracy <= PRECISE_MAX_ACCURACY_M,
    source: 'unknown',
  }
}

/** The Permissions API answers at once; one that does not is treated as "unknown". */
const PERMISSION_QUERY_MS = 200

export type LocationOptions = {
  askConsent: AskConsent
  /** A fix is being taken (true) or is over (false): the app shows an indicator meanwhile. */
  onLocationInUse?(isInUse: boolean): void
}

/** Whether the command may run at all was decided before (consentPolicy.ts); here the user answers this one request. */
export function locationHandler(apis: Pick<NodeBrowserApis, 'geolocation' | 'permission'>, options: LocationOptions): CommandHandler {
  const permission = () =>
    withTimeout(
      apis.permission('geolocation').catch(() => 'unknown' as const),
      PERMISSION_QUERY_MS,
      () => 'unknown' as const,
    )
  return async (raw, context) => {
    const params = parseParams(LocationParams, raw)
    const geolocation = apis.geolocation
    if (!geolocation) throw new NodeCommandError(NodeErrorCode.LocationUnavailable, 'this browser has no location service')
    if ((await permission()) === 'denied') {
      throw new NodeCommandError(NodeErrorCode.LocationPermission, 'location permission is blocked for this app in the browser')
    }
    const accuracy = params.desiredAccuracy ?? 'balanced'
    const answer = await askConsent(options.askConsent, { kind: 'location', accuracy }, context)
    if (!isAllowed(answer)) {
      const refused = refusalError('location', answer)
      throw new NodeCommandError(refused.code, refused.message)
    }
    options.onLocationInUse?.(true)
    try {
      return toPayload(await currentPosition(geolocation, params, accuracy, context), accuracy)
    } finally {
      options.onLocationInUse?.(false)
    }
  }

  function currentPosition(geolocation: GeolocationApi, params: LocationParams, accuracy: Accuracy, context: InvokeContext): Promise<GeoPosition> {
    const budgetMs = Math.max(0, Math.min(params.timeoutMs ?? DEFAULT_LOCATION_TIMEOUT_MS, context.remainingMs() - ANSWER_RESERVE_MS))
    return new Promise<GeoPosition>((resolve, reject) => {
      let isDone = false
      const finish = (action: () => void) => {
        if (isDone) return
        isDone = true
        clearTimeout(timer)
        action()
      }
      // NOTE: the Geolocation API's own timeout only starts once the user has answered the browser's
      // permission prompt, so an unanswered prompt would hang without this timer.
      const timer = setTimeout(() => {
        void permission().then((state) =>
          finish(() =>
            reject(
              state === 'prompt'
                ? new NodeCommandError(NodeErrorCode.LocationPermission, 'the browser is still asking whether this app may use location')
                : new NodeCommandError(NodeErrorCode.LocationTimeout, `no location fix within ${budgetMs} ms`),
            ),
          ),
        )
      }, budgetMs)
      context.signal.addEventListener('abort', () => finish(() => reject(context.signal.reason)), { once: true })
      geolocation.getCurrentPosition(
        (found) => finish(() => resolve(found)),
        (error) =>
          finish(() => {
            if (error.code === 1) reject(new NodeCommandError(NodeErrorCode.LocationPermission, 'location permission was denied in the browser'))
            else if (error.code === 3) reject(new NodeCommandError(NodeErrorCode.LocationTimeout, `no location fix within ${budgetMs} ms`))
            else reject(new NodeCommandError(NodeErrorCode.LocationUnavailable, error.message || 'the browser could not determine a position'))
          }),
        { enableHighAccuracy: accuracy === 'precise', timeout: budgetMs, maximumAge: params.maxAgeMs ?? 0 },
      )
    })
  }
}
