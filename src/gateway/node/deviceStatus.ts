/**
 * `device.status`: battery, network and whether the app is on screen, each only where the
 * browser exposes it (battery is Chromium-only; `battery: null` elsewhere).
 */
import type { NodeBrowserApis } from './browserApis'
import type { CommandHandler } from './handler'
import { abortable, withTimeout } from './handler'

/** A battery reading that takes longer than this is left out rather than holding up the answer. */
const BATTERY_WAIT_MS = 2_000

export function deviceStatusHandler(apis: Pick<NodeBrowserApis, 'battery' | 'network' | 'isVisible'>): CommandHandler {
  return async (_params, context) => {
    let battery: Record<string, unknown> | null = null
    if (apis.battery) {
      const reading = await abortable(
        withTimeout(
          apis.battery().catch(() => null),
          Math.min(BATTERY_WAIT_MS, context.remainingMs()),
          () => null,
        ),
        context.signal,
      )
      if (reading) {
        const state = reading.charging ? (reading.level >= 1 ? 'full' : 'charging') : 'unplugged'
        battery = { level: reading.level, state, chargingTimeS: reading.chargingTimeS, dischargingTimeS: reading.dischargingTimeS }
      }
    }
    const network = apis.network()
    return {
      battery,
      network: { status: network.online ? 'satisfied' : 'unsatisfied', ...network },
      visibility: apis.isVisible() ? 'visible' : 'hidden',
    }
  }
}
