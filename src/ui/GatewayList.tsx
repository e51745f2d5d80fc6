import { useState, type FormEvent } from 'react'
import type { Role } from '../gateway'
import { rolesOf, statusLabel, type GatewayRecord } from '../store'
import { actions, useApp } from './useApp'

const ROLE_NAMES: Record<Role, string> = { operator: 'Chat (operator)', node: 'Node' }

function GatewayRow({ gateway, isActive, onOpen }: { gateway: GatewayRecord; isActive: boolean; onOpen: () => void }) {
  const status = useApp((s) => s.statuses[gateway.id])
  const [isRenaming, setRenaming] = useState(false)
  const [isConfirmingForget, setConfirmingForget] = useState(false)
  const [label, setLabel] = useState(gateway.label)
  const roles = rolesOf(gateway)
  const otherRole: Role = gateway.role === 'operator' ? 'node' : 'operator'
  const rename = (event: FormEvent) => {
    event.preventDefault()
    void actions().renameGateway(gateway.id, label)
    setRenaming(false)
  }
  return (
    <li className={`gateway ${isActive ? 'gateway-active' : ''}`} aria-current={isActive ? 'true' : undefined}>
      <div className="gateway-summary">
        <button type="button" className="link gateway-name" onClick={() => {
            actions().selectGateway(gateway.id)
            onOpen()
          }}
          aria-label={`Open ${gateway.label}`}>
          {gateway.label}
        </button>
        <span className="muted">
          {roles.map((role) => ROLE_NAMES[role]).join(' + ')} · {statusLabel(status)}
        </span>
      </div>
      {isRenaming ? (
        <form className="row" onSubmit={rename}>
          <label htmlFor={`rename-${gateway.id}`} className="visually-hidden">
            Gateway name
          </label>
          <input id={`rename-${gateway.id}`} value={label} maxLength={64} onChange={(event) => setLabel(event.target.value)} />
          <button type="submit">Save name</button>
        </form>
      ) : (
        <div className="row">
          <button type="button" onClick={() => setRenaming(true)}>
            Rename
          </button>
          {!roles.includes('node') ? (
            <button type="button" aria-label={`Add Node role to ${gateway.label}`} onClick={() => actions().openOnboarding({ targetGatewayId: gateway.id, addRole: 'node' })}>
              Add Node role
            </button>
          ) : roles.length > 1 ? (
            <button type="button" aria-label={`Remove Node role from ${gateway.label}`} onClick={() => void actions().removeRole(gateway.id, 'node')}>
              Remove Node role
            </button>
          ) : (
            <button type="button" onClick={() => void actions().changeRole(gateway.id, otherRole)}>
              Switch to {ROLE_NAMES[otherRole]}
            </button>
          )}
          {isConfirmingForget ? (
            <>
              <button type="button" className="danger" onClick={() => void actions().forgetGateway(gateway.id)}>
                Forget gateway
              </button>
              <button type="button" onClick={() => setConfirmingForget(false)}>
                Keep it
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setConfirmingForget(true)} aria-label={`Forget ${gateway.label}…`}>
              Forget…
            </button>
          )}
        </div>
      )}
      {isConfirmingForget && <p className="warning">This deletes this device’s identity, tokens, queued messages and cached history for {gateway.label}.</p>}
    </li>
  )
}

/**
 * Saved gateways: switch, rename, add or change a role (each pairs again in that role), forget.
 * `onOpenGateway` runs when one is opened from here (on a phone the list then gives way to it).
 */
export function GatewayList({ onOpenGateway }: { onOpenGateway: () => void }) {
  const gateways = useApp((s) => s.gateways)
  const activeId = useApp((s) => s.activeGatewayId)
  return (
    <aside id="gateways" className="gateways" aria-labelledby="gateways-title">
      <h2 id="gateways-title">Gateways</h2>
      <ul>
        {gateways.map((gateway) => (
          <GatewayRow key={gateway.id} gateway={gateway} isActive={gateway.id === activeId} onOpen={onOpenGateway} />
        ))}
      </ul>
      <button type="button" onClick={() => actions().openOnboarding()}>
        Add gateway
      </button>
    </aside>
  )
}
