/** The app's store, wired to the browser: real WebSockets, online/visibility events, localStorage for non-secret preferences. */
import { browserEnvironment } from '../gateway'
import { createAppStore, randomId, type Preferences } from './store'
import { browserTabs } from './tabLeadership'

const ACTIVE_GATEWAY_KEY = 'openclaw-companion.activeGateway'
const SESSION_KEY_PREFIX = 'openclaw-companion.session.'

const browserPreferences: Preferences = {
  activeGatewayId: () => globalThis.localStorage?.getItem(ACTIVE_GATEWAY_KEY) ?? null,
  setActiveGatewayId: (id) => {
    if (id) globalThis.localStorage?.setItem(ACTIVE_GATEWAY_KEY, id)
    else globalThis.localStorage?.removeItem(ACTIVE_GATEWAY_KEY)
  },
  lastSession: (gatewayId) => globalThis.localStorage?.getItem(SESSION_KEY_PREFIX + gatewayId) ?? null,
  setLastSession: (gatewayId, sessionKey) => {
    if (sessionKey) globalThis.localStorage?.setItem(SESSION_KEY_PREFIX + gatewayId, sessionKey)
    else globalThis.localStorage?.removeItem(SESSION_KEY_PREFIX + gatewayId)
  },
}

export const appStore = createAppStore({
  appVersion: __APP_VERSION__,
  userAgent: globalThis.navigator?.userAgent ?? '',
  pageProtocol: globalThis.location?.protocol ?? 'https:',
  environment: browserEnvironment(),
  preferences: browserPreferences,
  newId: randomId,
  // Missing outside secure contexts and in old browsers.
  persistentStorage: typeof globalThis.navigator?.storage?.persist === 'function' ? globalThis.navigator.storage : undefined,
  tabs: browserTabs(),
})
