import { lazy, Suspense, useRef, useState, type KeyboardEvent } from 'react'
import { activeGateway, activeStatus, rolesOf } from '../store'
import { GatewayList } from './GatewayList'
import { StatusRegion } from './status/StatusRegion'
import { useApp } from './useApp'

// Chat and onboarding are their own chunks: the entry stays small, and each screen loads what it needs.
// So are the screens only some states show (approval, a problem) and the install/update/offline
// controls, which matter only after the first screen is up (the install offer itself is caught at
// startup by ./pwa/installPrompt, imported in main.tsx).
const ChatPanel = lazy(() => import('./chat/ChatPanel').then((module) => ({ default: module.ChatPanel })))
const Onboarding = lazy(() => import('./onboarding/Onboarding').then((module) => ({ default: module.Onboarding })))
const WaitingApproval = lazy(() => import('./status/WaitingApproval').then((module) => ({ default: module.WaitingApproval })))
const ProblemPanel = lazy(() => import('./status/ProblemPanel').then((module) => ({ default: module.ProblemPanel })))
const PwaControls = lazy(() => import('./pwa/PwaControls').then((module) => ({ default: module.PwaControls })))
// Most devices are never a node: the role tabs (only a node gateway has them) and the notification
// question (only a node asks it, but it shows whichever gateway is open) are chunks of their own.
const GatewayViews = lazy(() => import('./node/GatewayViews').then((module) => ({ default: module.GatewayViews })))
const NotificationPrompt = lazy(() => import('./node/NotificationPrompt').then((module) => ({ default: module.NotificationPrompt })))

function GatewayScreen() {
  const gateway = useApp(activeGateway)
  const status = useApp(activeStatus)
  const isAskingToNotify = useApp((s) => s.notificationPrompt !== null)
  if (!gateway) return null
  if (status?.phase === 'waiting-approval') return <WaitingApproval gateway={gateway} status={status} />
  if (status?.phase === 'needs-user') return <ProblemPanel gateway={gateway} problem={status.problem} />
  if (!gateway.pairedAtMs && status?.phase !== 'connected') {
    return (
      <section className="panel" aria-labelledby="connecting-title">
        <h2 id="connecting-title">Connecting to {gateway.label}…</h2>
        <p>This takes a moment the first time.</p>
      </section>
    )
  }
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
    <div className={`app${isShell ? ' app-shell' : ''}${isShell && isShowingGateways ? ' gateways-open' : ''}`} onKeyDown={closeOnEscape}>
      <header className="app-header">
        <h1 className="app-title">OpenClaw Companion</h1>
        <StatusRegion />
        <Suspense fallback={null}>
          <PwaControls />
        </Suspense>
        {isShell && (
          <button ref={toggle} type="button" className="gateways-toggle" aria-expanded={isShowingGateways} aria-controls="gateways" onClick={() => setShowingGateways((shown) => !shown)}>
            Gateways
          </button>
        )}
      </header>
      <main className="app-main">
        <Suspense fallback={<p className="muted">Loading…</p>}>
          {!isReady ? <p className="muted">Loading…</p> : isOnboarding || !hasGateways ? <Onboarding /> : <GatewayScreen />}
        </Suspense>
      </main>
      {isShell && <GatewayList onOpenGateway={() => setShowingGateways(false)} />}
    </div>
  )
}
