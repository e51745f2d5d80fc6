/**
 * The one app store, built from slices (zustand/vanilla; React binds to it in src/ui/useApp.ts).
 * Its dependencies on the outside world are injected so tests can run it under Node.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { Environment, SocketFactory } from '../gateway'
import type { NodeBrowserApis } from '../gateway/node'
import { createChatSlice, type ChatSlice } from './chatSlice'
import { createGatewaysSlice, type GatewaysSlice } from './gatewaysSlice'
import { createNodeSlice, type NodeSlice } from './nodeSlice'
import { createOnboardingSlice, type OnboardingSlice } from './onboardingSlice'
import { createSessionsSlice, type SessionsSlice } from './sessionsSlice'

export type AppState = GatewaysSlice & OnboardingSlice & ChatSlice & SessionsSlice & NodeSlice

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

export function createAppStore(deps: StoreDeps): StoreApi<AppState> {
  return createStore<AppState>()((...args) => ({
    ...createGatewaysSlice(deps)(...args),
    ...createOnboardingSlice(deps)(...args),
    ...createChatSlice(deps)(...args),
    ...createSessionsSlice(deps)(...args),
    ...createNodeSlice(deps)(...args),
  }))
}
