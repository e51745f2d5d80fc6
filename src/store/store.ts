/**
 * The one app store, built from slices (zustand/vanilla; React binds to it in src/ui/useApp.ts).
 * Its dependencies on the outside world are injected so tests can run it under Node.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { Environment, SocketFactory } from '../gateway'
import { createChatSlice, type ChatSlice } from './chatSlice'
import { createGatewaysSlice, type GatewaysSlice } from './gatewaysSlice'
import { createOnboardingSlice, type OnboardingSlice } from './onboardingSlice'

export type AppState = GatewaysSlice & OnboardingSlice & ChatSlice

/** Which gateway was open last; not a secret, so plain storage is fine. */
export interface Preferences {
  activeGatewayId(): string | null
  setActiveGatewayId(id: string | null): void
}

export type StoreDeps = {
  appVersion: string
  userAgent: string
  pageProtocol: string
  socketFactory?: SocketFactory
  environment?: Environment
  preferences: Preferences
  newId(): string
}

export function memoryPreferences(): Preferences {
  let active: string | null = null
  return { activeGatewayId: () => active, setActiveGatewayId: (id) => (active = id) }
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
  }))
}
