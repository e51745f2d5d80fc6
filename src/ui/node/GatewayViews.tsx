import { lazy, Suspense, useState, type ReactNode } from 'react'
import type { Role } from '../../gateway'
import { rolesOf, type GatewayRecord } from '../../store'
import { useApp } from '../useApp'

// Most devices are never a node: its screen, and the notification question only a node asks, are chunks of their own.
const NodePanel = lazy(() => import('../status/NodePanel').then((module) => ({ default: module.NodePanel })))
const NotificationPrompt = lazy(() => import('./NotificationPrompt').then((module) => ({ default: module.NotificationPrompt })))

const TAB_NAMES: Record<Role, string> = { operator: 'Chat', node: 'Node' }

/** A gateway's screen: chat (the lazily loaded panel App passes in) or node, with tabs when this device holds both roles there. */
export function GatewayViews({ gateway, chat }: { gateway: GatewayRecord; chat: ReactNode }) {
  const roles = rolesOf(gateway)
  const isNodePending = useApp((s) => roles.length > 1 && s.roleStatuses[gateway.id]?.node?.phase !== 'connected')
  // A role just added (still waiting for approval) opens first: that is where the next step is.
  const isAskingToNotify = useApp((s) => s.notificationPrompt !== null)
  const [chosen, setChosen] = useState<Role>(isNodePending ? 'node' : gateway.role)
  const view = roles.includes(chosen) ? chosen : gateway.role
  const panel =
    view === 'operator' ? (
      chat
    ) : (
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <NodePanel gateway={gateway} />
      </Suspense>
    )
  return (
    <>
      {isAskingToNotify && (
        <Suspense fallback={null}>
          <NotificationPrompt />
        </Suspense>
      )}
      {roles.length > 1 ? (
        <>
          <div role="tablist" aria-label={`Roles on ${gateway.label}`} className="row">
            {roles.map((role) => (
              <button key={role} type="button" role="tab" id={`tab-${role}`} aria-selected={view === role} aria-controls="role-panel" className={view === role ? 'primary' : undefined} onClick={() => setChosen(role)}>
                {TAB_NAMES[role]}
              </button>
            ))}
          </div>
          <div role="tabpanel" id="role-panel" aria-labelledby={`tab-${view}`}>
            {panel}
          </div>
        </>
      ) : (
        panel
      )}
    </>
  )
}
