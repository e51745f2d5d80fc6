import { Suspense, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import type { Role } from '../gateway'
import { defineMessages } from '../i18n'
import { rolesOf, type GatewayRecord } from '../store'
import { LanguagePicker } from './LanguagePicker'
import { ApprovalsInbox } from './approvals/lazyInbox'
import { InstallOffer } from './pwa/InstallOffer'
import { roleName, statusLabel } from './status/statusText'
import { actions, useApp } from './useApp'
import { lazyScreen, useText } from './useText'

const DiagnosticsPanel = lazyScreen('problems', () => import('./storage/StorageViews').then((module) => module.DiagnosticsPanel))
const NotificationSettings = lazyScreen('notifications', () => import('./notifications/NotificationSettings').then((module) => module.NotificationSettings))

const TEXT = defineMessages('gateways.gatewayList', {
  open: 'Open {gateway}',
  nameLabel: 'Gateway name',
  saveName: 'Save name',
  cancel: 'Cancel',
  unfinished: 'Pairing not finished',
  rename: 'Rename',
  addNode: 'Add Node role',
  addNodeTo: 'Add Node role to {gateway}',
  removeNode: 'Remove Node role',
  removeNodeFrom: 'Remove Node role from {gateway}',
  switchTo: 'Switch to {role}',
  forgetConfirm: 'Forget gateway',
  keep: 'Keep it',
  forget: 'Forget…',
  forgetName: 'Forget {gateway}…',
  forgetWarning: 'This deletes this device’s identity, tokens, queued messages and cached history for {gateway}.',
  title: 'Gateways',
  add: 'Add gateway',
  diagnostics: 'Diagnostics',
  notifications: 'Notifications',
  notificationsOf: 'Notifications from {gateway}',
})

type RowProps = { gateway: GatewayRecord; isActive: boolean; hasApprovals: boolean; onOpen: () => void; onForgotten: () => void }

function GatewayRow({ gateway, isActive, hasApprovals, onOpen, onForgotten }: RowProps) {
  const status = useApp((s) => s.statuses[gateway.id])
  const [isRenaming, setRenaming] = useState(false)
  const [isConfirmingForget, setConfirmingForget] = useState(false)
  const [isShowingNotifications, setShowingNotifications] = useState(false)
  const [label, setLabel] = useState(gateway.label)
  const t = useText(TEXT)
  const roles = rolesOf(gateway)
  const otherRole: Role = gateway.role === 'operator' ? 'node' : 'operator'
  // Each control that replaces another hands focus back to the one that opened it, so focus never
  // falls to the page (and Escape, which the app handles inside itself, keeps working after).
  const renameButton = useRef<HTMLButtonElement>(null)
  const forgetButton = useRef<HTMLButtonElement>(null)
  const refocus = (button: { current: HTMLButtonElement | null }) => requestAnimationFrame(() => button.current?.focus())
  const stopRenaming = () => {
    setRenaming(false)
    refocus(renameButton)
  }
  /** Escape or Cancel: the name goes back to the saved one. */
  const cancelRename = () => {
    setLabel(gateway.label)
    stopRenaming()
  }
  const rename = (event: FormEvent) => {
    event.preventDefault()
    void actions().renameGateway(gateway.id, label)
    stopRenaming()
  }
  const keepGateway = () => {
    setConfirmingForget(false)
    refocus(forgetButton)
  }
  // Escape cancels what is open in this row first; only then does it close the list (App.tsx).
  const cancelOnEscape = (event: KeyboardEvent, cancel: () => void) => {
    if (event.key !== 'Escape') return
    event.stopPropagation()
    cancel()
  }
  return (
    <li className={`gateway ${isActive ? 'gateway-active' : ''}`} aria-current={isActive ? 'true' : undefined}>
      <div className="gateway-summary">
        <button
          type="button"
          className="link gateway-name"
          onClick={() => {
            actions().selectGateway(gateway.id)
            onOpen()
          }}
          aria-label={t('open', { gateway: gateway.label })}
        >
          {gateway.label}
        </button>
        <span className="muted">
          {roles.map(roleName).join(' + ')} · {!gateway.pairedAtMs && status?.phase === 'needs-user' ? t('unfinished') : statusLabel(status)}
        </span>
        {hasApprovals && (
          <Suspense fallback={null}>
            <ApprovalsInbox countOf={gateway.id} />
          </Suspense>
        )}
      </div>
      {isRenaming ? (
        <form className="row" onSubmit={rename} onKeyDown={(event) => cancelOnEscape(event, cancelRename)}>
          <label htmlFor={`rename-${gateway.id}`} className="visually-hidden">
            {t('nameLabel')}
          </label>
          <input
            id={`rename-${gateway.id}`}
            value={label}
            maxLength={64}
            // biome-ignore lint/a11y/noAutofocus: the user just asked to rename; the field they are about to type in takes focus.
            autoFocus
            onFocus={(event) => event.target.select()}
            onChange={(event) => setLabel(event.target.value)}
          />
          <button type="submit">{t('saveName')}</button>
          <button type="button" onClick={cancelRename}>
            {t('cancel')}
          </button>
        </form>
      ) : (
        <div className="row">
          <button
            ref={renameButton}
            type="button"
            onClick={() => {
              setLabel(gateway.label)
              setRenaming(true)
            }}
          >
            {t('rename')}
          </button>
          {!roles.includes('node') ? (
            <button
              type="button"
              aria-label={t('addNodeTo', { gateway: gateway.label })}
              onClick={() => actions().openOnboarding({ targetGatewayId: gateway.id, addRole: 'node' })}
            >
              {t('addNode')}
            </button>
          ) : roles.length > 1 ? (
            <button type="button" aria-label={t('removeNodeFrom', { gateway: gateway.label })} onClick={() => void actions().removeRole(gateway.id, 'node')}>
              {t('removeNode')}
            </button>
          ) : (
            <button type="button" onClick={() => void actions().changeRole(gateway.id, otherRole)}>
              {t('switchTo', { role: roleName(otherRole) })}
            </button>
          )}
          {roles.includes('operator') && (
            <button
              type="button"
              aria-expanded={isShowingNotifications}
              aria-controls={`notifications-${gateway.id}`}
              aria-label={t('notificationsOf', { gateway: gateway.label })}
              onClick={() => setShowingNotifications((shown) => !shown)}
            >
              {t('notifications')}
            </button>
          )}
          {isConfirmingForget ? (
            // biome-ignore lint/a11y/noStaticElementInteractions: Escape while deciding keeps the gateway; the buttons stay the controls.
            <span className="row" onKeyDown={(event) => cancelOnEscape(event, keepGateway)}>
              <button
                type="button"
                className="danger"
                aria-describedby={`forget-warning-${gateway.id}`}
                onClick={() => void actions().forgetGateway(gateway.id).then(onForgotten)}
              >
                {t('forgetConfirm')}
              </button>
              {/* The safe answer takes focus, so a stray Enter keeps the gateway. */}
              {/* biome-ignore lint/a11y/noAutofocus: the button that opened this question is gone; focus goes to its safe answer. */}
              <button type="button" autoFocus onClick={keepGateway}>
                {t('keep')}
              </button>
            </span>
          ) : (
            <button ref={forgetButton} type="button" onClick={() => setConfirmingForget(true)} aria-label={t('forgetName', { gateway: gateway.label })}>
              {t('forget')}
            </button>
          )}
        </div>
      )}
      {isConfirmingForget && (
        <p id={`forget-warning-${gateway.id}`} className="warning">
          {t('forgetWarning', { gateway: gateway.label })}
        </p>
      )}
      {isShowingNotifications && (
        <div id={`notifications-${gateway.id}`}>
          <Suspense fallback={null}>
            <NotificationSettings gatewayId={gateway.id} gatewayName={gateway.label} />
          </Suspense>
        </div>
      )}
    </li>
  )
}

/**
 * Saved gateways: switch, rename, add or change a role (each pairs again in that role), forget.
 * `onOpenGateway` runs when one is opened from here (on a phone the list then gives way to it).
 */
/** `hasApprovals`: some gateway's approvals are attached, so each row shows how many of its requests wait. */
export function GatewayList({ hasApprovals, onOpenGateway }: { hasApprovals: boolean; onOpenGateway: () => void }) {
  const gateways = useApp((s) => s.gateways)
  const activeId = useApp((s) => s.activeGatewayId)
  const t = useText(TEXT)
  const [isShowingDiagnostics, setShowingDiagnostics] = useState(false)
  const diagnosticsToggle = useRef<HTMLButtonElement>(null)
  const title = useRef<HTMLHeadingElement>(null)
  // The forgotten gateway's row, and the focus in it, are gone: focus goes to the list's heading, or,
  // when that was the last gateway and the list went with it, to the heading of the screen shown now.
  const focusAfterForget = () =>
    requestAnimationFrame(() => {
      const heading = title.current?.isConnected ? title.current : document.querySelector<HTMLElement>('main h2')
      heading?.setAttribute('tabindex', '-1')
      heading?.focus()
    })
  return (
    <aside id="gateways" className="gateways" aria-labelledby="gateways-title">
      <h2 id="gateways-title" ref={title} tabIndex={-1}>
        {t('title')}
      </h2>
      <ul>
        {gateways.map((gateway) => (
          <GatewayRow
            key={gateway.id}
            gateway={gateway}
            isActive={gateway.id === activeId}
            hasApprovals={hasApprovals}
            onOpen={onOpenGateway}
            onForgotten={focusAfterForget}
          />
        ))}
      </ul>
      <div className="row">
        <button type="button" onClick={() => actions().openOnboarding()}>
          {t('add')}
        </button>
        <button ref={diagnosticsToggle} type="button" aria-expanded={isShowingDiagnostics} onClick={() => setShowingDiagnostics((shown) => !shown)}>
          {t('diagnostics')}
        </button>
      </div>
      {isShowingDiagnostics && (
        <Suspense fallback={null}>
          <DiagnosticsPanel
            onClose={() => {
              setShowingDiagnostics(false)
              diagnosticsToggle.current?.focus()
            }}
          />
        </Suspense>
      )}
      <div className="row">
        <InstallOffer />
        <LanguagePicker />
      </div>
    </aside>
  )
}
