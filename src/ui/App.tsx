import { lazy, Suspense } from 'react'
import { activeGateway, activeStatus } from '../store'
import { GatewayList } from './GatewayList'
import { GatewayViews } from './node/GatewayViews'
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

function GatewayScreen() {
  const gateway = useApp(activeGateway)
  const status = useApp(activeStatus)
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
  return <GatewayViews key={gateway.id} gateway={gateway} chat={<ChatPanel gateway={gateway} />} />
}

export function App() {
  const isReady = useApp((s) => s.isReady)
  const hasGateways = useApp((s) => s.gateways.length > 0)
  const isOnboarding = useApp((s) => s.onboarding.step !== 'closed')
  return (
    <div className="app">
      <header className="app-header">
        <h1 className="app-title">OpenClaw Companion</h1>
        <StatusRegion />
        <Suspense fallback={null}>
          <PwaControls />
        </Suspense>
      </header>
      <main className="app-main">
        <Suspense fallback={<p className="muted">Loading…</p>}>
          {!isReady ? <p className="muted">Loading…</p> : isOnboarding || !hasGateways ? <Onboarding /> : <GatewayScreen />}
        </Suspense>
      </main>
      {isReady && hasGateways && !isOnboarding && <GatewayList />}
    </div>
  )
}
