import { lazy, Suspense, useRef, useState, type KeyboardEvent } from 'react'
import { defineMessages } from '../i18n'
import { activeGateway, activeStatus, rolesOf } from '../store'
import { ApprovalsInbox } from './approvals/lazyInbox'
import { StatusRegion } from './status/StatusRegion'
import { useApp } from './useApp'
import { lazyScreen, useText } from './useText'

const TEXT = defineMessages('shell.app', {
  title: 'OpenClaw Companion',
  gateways: 'Gateways',
  loading: 'Loading…',
})

// Chat and onboarding are their own chunks: the entry stays small, and each screen loads what it needs.
// So are the screens only some states show (approval, a problem) and the install/update/offline
// controls, which matter only after the first screen is up (the install offer itself is caught at
// startup by ./pwa/installPrompt, imported in main.tsx). Each loads its part of the active language's text with it.
const ChatPanel = lazyScreen('chat', () => import('./chat/ChatPanel').then((module) => module.ChatPanel))
const Onboarding = lazyScreen('onboarding', () => import('./onboarding/Onboarding').then((module) => module.Onboarding))
const WaitingApproval = lazyScreen('problems', () => import('./status/WaitingApproval').then((module) => module.WaitingApproval))
const ProblemPanel = lazyScreen('problems', () => import('./status/ProblemPanel').then((module) => module.ProblemPanel))
const FirstConnect = lazyScreen('problems', () => import('./status/FirstConnect').then((module) => module.FirstConnect))
const PwaControls = lazyScreen('pwa', () => import('./pwa/PwaControls').then((module) => module.PwaControls))
// Most devices are never a node: the role tabs (only a node gateway has them) and the notification
// question (only a node asks it, but it shows whichever gateway is open) are chunks of their own.
const GatewayViews = lazyScreen('node', () => import('./node/GatewayViews').then((module) => module.GatewayViews))
const NotificationPrompt = lazyScreen('node', () => import('./node/NotificationPrompt').then((module) => module.NotificationPrompt))
// The node's consent sheet and camera/location indicator, whichever screen is open: only where a gateway has this device as its node.
const NodeConsentLayer = lazyScreen('node', () => import('./node/NodeConsentLayer').then((module) => module.NodeConsentLayer))
// The storage screens (storage refused, Diagnostics, the note after a Forget): rarely drawn.
const StorageScreens = lazyScreen('problems', () => import('./storage/StorageViews').then((module) => module.StorageScreens))

// The language picker shows in the header only on the onboarding screens (beside the chat it is in the gateway
// list): a returning user's chat screen does not carry it.
const LanguagePicker = lazy(() => import('./LanguagePicker').then((module) => ({ default: module.LanguagePicker })))

// The saved gateways beside the chat (behind the header's toggle on a phone): a chunk of its own, so the chat, the
// first thing a returning user reads, is not held back by the list's rename, forget and diagnostics controls.
const GatewayList = lazyScreen('gateways', () => import('./GatewayList').then((module) => module.GatewayList))

function GatewayScreen() {
  const gateway = useApp(activeGateway)
  const status = useApp(activeStatus)
  const isAskingToNotify = useApp((s) => s.notificationPrompt !== null)
  if (!gateway) return null
  if (status?.phase === 'waiting-approval') return <WaitingApproval gateway={gateway} status={status} />
  if (status?.phase === 'needs-user') return <ProblemPanel gateway={gateway} problem={status.problem} />
  if (!gateway.pairedAtMs && status?.phase !== 'connected') return <FirstConnect gateway={gateway} />
  const chat = <ChatPanel key={gateway.id} gateway={gateway} />
  const isNode = rolesOf(gateway).includes('node')
  return (
    <>
      {isAskingToNotify && (
        <Suspense fallback={null}>
          <NotificationPrompt />
        </Suspense>
      )}
      {isNode ? <GatewayViews key={gateway.id} gateway={gateway} chat={chat} /> : chat}
    </>
  )
}

export function App() {
  const isReady = useApp((s) => s.isReady)
  const hasGateways = useApp((s) => s.gateways.length > 0)
  const isOnboarding = useApp((s) => s.onboarding.step !== 'closed')
  const isNodeSomewhere = useApp((s) => s.gateways.some((gateway) => rolesOf(gateway).includes('node')))
  const isStorageRefused = useApp((s) => s.storage.health !== null && s.storage.health.kind !== 'ok')
  const hasForgotten = useApp((s) => s.storage.lastForgotten !== null)
  const hasApprovals = useApp((s) => Object.keys(s.approvals).length > 0)
  const t = useText(TEXT)
  // On a phone the saved gateways take the chat's place when asked for (the toggle shows only on
  // narrow screens); a wide screen shows them beside the chat.
  const [isShowingGateways, setShowingGateways] = useState(false)
  // The chat fills the screen and scrolls inside; the onboarding screens scroll as a page.
  const isShell = isReady && hasGateways && !isOnboarding
  // Pairing (Add gateway, a new role) leaves the shell; coming back shows the chat, not the list.
  if (!isShell && isShowingGateways) setShowingGateways(false)
  const toggle = useRef<HTMLButtonElement>(null)
  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !isShowingGateways) return
    setShowingGateways(false)
    // Focus was in the list that goes away; it returns to the control that opened it.
    toggle.current?.focus()
  }
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape anywhere in the app closes the phone's gateway list; the controls inside stay the interactive elements.
    <div className={`app${isShell ? ' app-shell' : ''}${isShell && isShowingGateways ? ' gateways-open' : ''}`} onKeyDown={closeOnEscape}>
      <header className="app-header">
        <h1 className="app-title">{t('title')}</h1>
        <StatusRegion />
        <Suspense fallback={null}>
          <PwaControls hasInstall={!isShell} />
        </Suspense>
        {isNodeSomewhere && (
          // In the header, so the camera/location indicator takes its own place there and covers nothing.
          <Suspense fallback={null}>
            <NodeConsentLayer />
          </Suspense>
        )}
        {/* Beside the chat the language and Install live in the gateway list (the app's menu), so a phone's header is one row. */}
        {!isShell && (
          <Suspense fallback={null}>
            <LanguagePicker />
          </Suspense>
        )}
        {isShell && hasApprovals && (
          <Suspense fallback={null}>
            <ApprovalsInbox />
          </Suspense>
        )}
        {isShell && (
          <button
            ref={toggle}
            type="button"
            className="gateways-toggle"
            aria-expanded={isShowingGateways}
            aria-controls="gateways"
            aria-label={t('gateways')}
            onClick={() => setShowingGateways((shown) => !shown)}
          >
            {/* The app's menu: the saved gateways, Add gateway, Install, the language, Diagnostics. */}
            <span aria-hidden="true">☰</span>
          </button>
        )}
      </header>
      <main className="app-main">
        <Suspense fallback={<p className="muted">{t('loading')}</p>}>
          {(hasForgotten || isStorageRefused) && <StorageScreens />}
          {isStorageRefused ? null : !isReady ? <p className="muted">{t('loading')}</p> : isOnboarding || !hasGateways ? <Onboarding /> : <GatewayScreen />}
        </Suspense>
      </main>
      {isShell && (
        <Suspense fallback={null}>
          <GatewayList hasApprovals={hasApprovals} onOpenGateway={() => setShowingGateways(false)} />
        </Suspense>
      )}
    </div>
  )
}
