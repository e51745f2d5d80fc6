import { Suspense } from 'react'
import type { ConnectionStatus } from '../../gateway'
import { defineMessages } from '../../i18n'
import { activeGateway, activeStatus } from '../../store'
import { useApp } from '../useApp'
import { lazyScreen, type Translator, useText } from '../useText'
import { statusLabel } from './statusText'

// Shown once, right after a pairing that had several addresses to try: never on a returning user's first screen.
const ProbeNote = lazyScreen('onboarding', () => import('./ProbeNote').then((module) => module.ProbeNote))

const TEXT = defineMessages('shell.statusRegion', {
  retrying: '{status} — trying again in {seconds} s',
  offline: '{status} — messages will be sent when you’re back online',
  notPaired: 'Not paired with a gateway yet',
  region: 'Connection status',
  gateway: '{gateway}:',
})

function statusText(t: Translator<keyof typeof TEXT.en>, status: ConnectionStatus | undefined): string {
  const label = statusLabel(status)
  switch (status?.phase) {
    case 'reconnecting':
      return t('retrying', { status: label, seconds: Math.max(1, Math.round(status.retryInMs / 1000)) })
    case 'offline':
      return t('offline', { status: label })
    default:
      return label
  }
}

/** The one live region that announces connection changes to screen readers. */
export function StatusRegion() {
  const gateway = useApp(activeGateway)
  const status = useApp(activeStatus)
  const hasProbeNote = useApp((s) => s.lastProbeUrl !== null)
  const t = useText(TEXT)
  return (
    <>
      <p role="status" aria-label={t('region')} className={`status status-${status?.phase ?? 'none'}`}>
        <span className="status-dot" aria-hidden="true" />
        {/* On a phone a long name ends in an ellipsis; the tooltip and the gateway list have it whole. */}
        {gateway && (
          <span className="status-gateway" title={t('gateway', { gateway: gateway.label })}>
            {t('gateway', { gateway: gateway.label })}
          </span>
        )}{' '}
        <span className="status-text">{gateway ? statusText(t, status) : t('notPaired')}</span>
      </p>
      {hasProbeNote && (
        <Suspense fallback={null}>
          <ProbeNote />
        </Suspense>
      )}
    </>
  )
}
