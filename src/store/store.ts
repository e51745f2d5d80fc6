/**
 * The one app store, built from slices (zustand/vanilla; React binds to it in src/ui/useApp.ts).
 * Its dependencies on the outside world are injected so tests can run it under Node.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { Environment, SocketFactory } from '../gateway'
import type { NodeBrowserApis } from '../gateway/node'
import { createApprovalsFeature } from './approvalsSlice'
import { createChatFeature } from './chatSlice'
import type { FeatureCreator, GatewayFeature, SlicesOf } from './feature'
import { createGatewaysSlice, type GatewaysSlice } from './gatewaysSlice'
import { createNodeFeature } from './nodeSlice'
import { createNotificationsFeature } from './notificationsSlice'
import { createOnboardingSlice, type OnboardingSlice } from './onboardingSlice'
import { createSessionsFeature } from './sessionsSlice'
import { createStorageSlice, type PersistentStorage, type StorageSlice } from './storageSlice'
import type { PushApis } from './pushBrowser'
import type { Tabs } from './tabLeadership'

/**
 * The per-gateway features, in the order they attach to a client (the session list is asked for
 * before the open session's history). Adding a feature is one module and one line here.
 */
export const APP_FEATURES = [createSessionsFeature, createChatFeature, createNodeFeature, createApprovalsFeature, createNotificationsFeature] as const

export type AppState = GatewaysSlice & OnboardingSlice & StorageSlice & SlicesOf<typeof APP_FEATURES>

/** The store, with its features' lifecycles at hand (the gateways slice drives them; tests may too). */
export type AppStore = StoreApi<AppState> & { readonly features: Readonly<Record<string, GatewayFeature>> }

/** Which gateway and session were open last; not secrets, so plain storage is fine. */
export interface Preferences {
  activeGatewayId(): string | null
  setActiveGatewayId(id: string | null): void
  lastSession(gatewayId: string): string | null
  setLastSession(gatewayId: string, sessionKey: string | null): void
}

export type StoreDeps = {
  appVersion: string
  userAgent: string
  pageProtocol: string
  socketFactory?: SocketFactory
  environment?: Environment
  preferences: Preferences
  newId(): string
  /** The browser features node commands use; the real browser when absent. */
  nodeApis?: NodeBrowserApis
  /** `navigator.storage` (persist, persisted); absent in tests and old browsers. */
  persistentStorage?: PersistentStorage
  /** The app's other open tabs (who leads each gateway, what to tell them); alone when absent. */
  tabs?: Tabs
  /** Permission, push registrations and the badge; the real browser when absent. */
  pushApis?: PushApis
}

export function memoryPreferences(): Preferences {
  let active: string | null = null
  const sessions = new Map<string, string>()
  return {
    activeGatewayId: () => active,
    setActiveGatewayId: (id) => (active = id),
    lastSession: (gatewayId) => sessions.get(gatewayId) ?? null,
    setLastSession: (gatewayId, key) => (key ? sessions.set(gatewayId, key) : sessions.delete(gatewayId)),
  }
}

/** A random id that works in insecure contexts too (crypto.randomUUID needs a secure one). */
export function randomId(): string {
  const bytes = new Uint8Array(16)
  crypto.getRandomValues(bytes)
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** `features` replaces APP_FEATURES (tests add a fake one to watch what the gateways slice calls). */
export function createAppStore(deps: StoreDeps, features: readonly FeatureCreator<object>[] = APP_FEATURES): AppStore {
  let attached: GatewayFeature[] = []
  const api = createStore<AppState>()((set, get, api) => {
    attached = features.map((create) => create(deps, { set, get, api }))
    return {
      ...createGatewaysSlice(deps, attached)(set, get, api),
      ...createOnboardingSlice(deps)(set, get, api),
      ...createStorageSlice(deps)(set, get, api),
      ...(Object.assign({}, ...attached.map((feature) => feature.slice)) as SlicesOf<typeof APP_FEATURES>),
    }
  })
  return Object.assign(api, { features: Object.fromEntries(attached.map((feature) => [feature.name, feature])) })
}
