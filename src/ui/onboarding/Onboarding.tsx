import { lazy, Suspense } from 'react'
import { actions, useApp } from '../useApp'
import { ErrorMessage } from './ErrorMessage'
import { PastePanel } from './PastePanel'
import { UploadButton } from './UploadButton'

// The welcome screen is four buttons: the camera, manual and confirm panels load when one is chosen
// (the service worker has them cached after the first visit).
const ConfirmPanel = lazy(() => import('./ConfirmPanel').then((module) => ({ default: module.ConfirmPanel })))
const ManualPanel = lazy(() => import('./ManualPanel').then((module) => ({ default: module.ManualPanel })))
const ScanPanel = lazy(() => import('./ScanPanel').then((module) => ({ default: module.ScanPanel })))
const loading = <p className="muted">Loading…</p>

/** The way in: four ways to reach a gateway, then one confirm screen. */
export function Onboarding() {
  const onboarding = useApp((s) => s.onboarding)
  const hasGateways = useApp((s) => s.gateways.length > 0)
  if (onboarding.step === 'confirm' || onboarding.step === 'probing') {
    return (
      <Suspense fallback={loading}>
        <ConfirmPanel />
      </Suspense>
    )
  }
  const method = onboarding.step === 'choose' ? onboarding.method : undefined
  const error = onboarding.step === 'choose' ? onboarding.error : undefined
  const isRepair = onboarding.step === 'choose' && onboarding.targetGatewayId !== undefined
  return (
    <section className="panel onboarding" aria-labelledby="onboarding-title">
      <h2 id="onboarding-title">{isRepair ? 'Pair again with a new code' : 'Pair with your OpenClaw gateway'}</h2>
      <p className="lead">
        On the gateway host, run <code>openclaw qr</code> and scan the code it shows. This device asks to join; you approve it once with{' '}
        <code>openclaw devices approve</code>.
      </p>
      {error && <ErrorMessage error={error} />}
      <div className="ways" role="group" aria-label="Ways to pair">
        <button type="button" className="primary" aria-pressed={method === 'scan'} onClick={() => actions().chooseMethod('scan')}>
          Scan QR code
        </button>
        <button type="button" aria-pressed={method === 'paste'} onClick={() => actions().chooseMethod('paste')}>
          Paste setup code
        </button>
        <UploadButton />
        <button type="button" aria-pressed={method === 'manual'} onClick={() => actions().chooseMethod('manual')}>
          Enter manually
        </button>
      </div>
      <Suspense fallback={loading}>
        {method === 'scan' && <ScanPanel />}
        {method === 'paste' && <PastePanel />}
        {method === 'manual' && <ManualPanel />}
      </Suspense>
      {(hasGateways || isRepair) && (
        <button type="button" className="link" onClick={() => actions().closeOnboarding()}>
          Cancel
        </button>
      )}
    </section>
  )
}
