/** The store's public surface for the UI. */
export { createAppStore, memoryPreferences, randomId, type AppState, type Preferences, type StoreDeps } from './store'
export type { ChatItem, ChatView, ItemImage, ReplyItemState, UserItemState } from './chatItems'
export type { ModelOption, SessionControls, SessionRow, SessionSearchResult, SlashCommand, ToolRow, ToolStatus } from './sessionsSlice'
export type { NotificationCategory, NotificationControls, NotificationProblem, NotificationsView, QuietHours } from './notificationsSlice'
export type { NoticeTarget, NoticeTexts } from '../gateway/push'
export type { ApprovalEntry, ApprovalHistory, ApprovalsView, ApprovalStatus, QuestionEntry } from './approvalsSlice'
export type { AgentQuestion, ApprovalDecision, ApprovalHistoryEntry, QuestionPrompt } from '../gateway/approvals'
export type { OutboxAttachment } from './chatStorage'
export type { ErrorView, OnboardingMethod, OnboardingState, PairingChoice, PairingDraft } from './onboardingSlice'
export { rolesOf, type GatewayRecord } from './gatewayRecords'
export {
  NODE_LOG_LIMIT,
  type ConsentChoice,
  type InvocationEntry,
  type NodeConsentPrompt,
  type NodeSurface,
  type NodeView,
  type NotificationPrompt,
  type SensorUse,
} from './nodeSlice'
export { isNodeCommandOn, nodeSetupGuide, type NodeSetupGuide } from './nodeSetupGuide'
export { NODE_COMMANDS, WEB_DEFAULT_ALLOWED, type ConsentAnswer, type NodeCommand } from '../gateway/node'
export { activeGateway, activeStatus, attachmentLimits, chatItems } from './selectors'
export { defaultDeviceName } from './deviceName'
export { onStoreDiagnostic, type StoreDiagnostic } from './diagnostics'
export type { StorageHealth } from './storageHealth'
export type { ForgottenGateway } from './storageSlice'
export { appStore } from './appStore'
export { shareInbox } from './shareLoader'
export type { ShareInbox, ShareRecord } from './shareInbox'
