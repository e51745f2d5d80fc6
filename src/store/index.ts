/** The store's public surface for the UI. */
export { createAppStore, memoryPreferences, randomId, type AppState, type Preferences, type StoreDeps } from './store'
export type { ChatItem, ChatView, ReplyItemState, UserItemState } from './chatSlice'
export type { ErrorView, OnboardingMethod, OnboardingState, PairingDraft } from './onboardingSlice'
export type { GatewayRecord } from './gatewayRecords'
export { activeGateway, activeStatus, chatItems, statusLabel } from './selectors'
export { defaultDeviceName } from './deviceName'
export { onStoreDiagnostic, type StoreDiagnostic } from './diagnostics'
export { appStore } from './appStore'
