import { Suspense, useState, type ReactNode } from 'react'
import type { Role } from '../../gateway'
import { rolesOf, type GatewayRecord } from '../../store'
import { defineMessages } from '../../i18n'
import { useApp } from '../useApp'
import { lazyScreen, useText } from '../useText'

// The node screen is a chunk of its own: with both roles on a gateway, the chat tab may be all that opens.
// It explains a stuck node connection with the problem screens' words, so it loads their text too.
const NodePanel = lazyScreen(['node', 'problems'], () => import('./NodePanel').then((module) => module.NodePanel))

const TEXT = defineMessages('node.views', {
  operator: 'Chat',
  node: 'Node',
  loading: 'Loading…',
  roles: 'Roles on {gateway}',
})

/** A node gateway's screen: node, or chat (the lazily loaded panel App passes in), with tabs when this device holds both roles there. */
export function GatewayViews({ gateway, chat }: { gateway: GatewayRecord; chat: ReactNode }) {
  const roles = rolesOf(gateway)
  const t = useText(TEXT)
  const isNodePending = useApp((s) => roles.length > 1 && s.roleStatuses[gateway.id]?.node?.phase !== 'connected')
  // A role just added (still waiting for approval) opens first: that is where the next step is.
  const [chosen, setChosen] = useState<Role>(isNodePending ? 'node' : gateway.role)
  const view = roles.includes(chosen) ? chosen : gateway.role
  const panel =
    view === 'operator' ? (
      chat
    ) : (
      <Suspense fallback={<p className="muted">{t('loading')}</p>}>
        <NodePanel gateway={gateway} />
      </Suspense>
    )
  if (roles.length === 1) return panel
  return (
    <>
      <div role="tablist" aria-label={t('roles', { gateway: gateway.label })} className="row">
        {roles.map((role) => (
          <button
            key={role}
            type="button"
            role="tab"
            id={`tab-${role}`}
            aria-selected={view === role}
            aria-controls="role-panel"
            className={view === role ? 'primary' : undefined}
            onClick={() => setChosen(role)}
          >
            {t(role as Role)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="role-panel" aria-labelledby={`tab-${view}`}>
        {panel}
      </div>
    </>
  )
}
