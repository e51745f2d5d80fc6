import { lazy, Suspense } from 'react'
import { activeGateway, activeStatus } from '../store'
import { GatewayList } from './GatewayList'
import { GatewayViews } from './node/GatewayViews'
import { PwaControls } from './pwa/PwaControls'
import { ProblemPanel } from './status/ProblemPanel'
import { StatusRegion } from './status/StatusRegion'
import { WaitingApproval } from './status/WaitingApproval'
import { useApp } from './useApp'

// Chat and onboarding are their own chunks: the entry stays small, and each screen loads what it needs.
const ChatPanel = lazy(() => import('./chat/ChatPanel').then((module) => ({ default: module.ChatPanel })))
const Onboarding = lazy(() => import('./onboarding/Onboarding').then((module) => ({ default: module.Onboarding })))

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
        <PwaControls />
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
