/** The one React binding to the store (after zustand's react.ts). */
import { useStore } from 'zustand'
import { appStore, type AppState } from '../store'

export const useApp = <T>(select: (state: AppState) => T): T => useStore(appStore, select)

/** Actions never change, so components call them through here instead of subscribing. */
export const actions = (): AppState => appStore.getState()
