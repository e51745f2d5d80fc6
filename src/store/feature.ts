/**
 * A per-gateway feature: its own part of the state (a zustand slice with its actions) and what it
 * does when one of a gateway's clients starts or stops and when the gateway is forgotten. The store
 * lists the features (store.ts); the gateways slice calls every one of them and names none.
 */
import type { StoreApi } from 'zustand/vanilla'
import type { GatewayClient, Role } from '../gateway'
import type { AppState, StoreDeps } from './store'

export type GatewayFeature<Slice extends object = object> = {
  /** Its name in `appStore.features` (for tests and diagnostics). */
  readonly name: string
  /** Its state and actions, merged into the app state. */
  readonly slice: Slice
  /** What a connection in `role` must ask for so the feature works (merged over every feature). */
  connectExtras?(role: Role): ConnectExtras | undefined
  /** A client of the gateway is about to start in `role`; a feature ignores the roles it does not serve. */
  attach(gatewayId: string, client: GatewayClient, role: Role): void
  /**
   * Whether this tab leads the gateway across the app's open tabs (tabLeadership.ts): told after each
   * attach and when it changes. Work that must happen once per device (sending the outbox) runs only
   * in the leader; a follower reads.
   */
  lead?(gatewayId: string, isLeader: boolean): void
  /** That client stopped (role removed or changed, gateway forgotten, client replaced). */
  detach(gatewayId: string, role: Role): void
  /**
   * The gateway is being forgotten and its clients have stopped: end everything still under way,
   * wait for writes in flight, then delete the feature's data of that gateway and its state.
   */
  forget(gatewayId: string): Promise<void>
}

export type ConnectExtras = { scopes?: string[]; caps?: string[]; commands?: string[] }

export type StoreAccess = { set: StoreApi<AppState>['setState']; get: () => AppState; api: StoreApi<AppState> }

export type FeatureCreator<Slice extends object> = (deps: StoreDeps, store: StoreAccess) => GatewayFeature<Slice>

/** The slices of a list of feature creators, as one intersection type. */
export type SlicesOf<Creators extends readonly FeatureCreator<object>[]> = UnionToIntersection<SliceOf<Creators[number]>>
type SliceOf<Creator> = Creator extends FeatureCreator<infer Slice> ? Slice : never
type UnionToIntersection<U> = (U extends unknown ? (value: U) => void : never) extends (value: infer I) => void ? I : never
