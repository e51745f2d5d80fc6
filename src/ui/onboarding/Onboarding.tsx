import { ConfirmPanel } from './ConfirmPanel'
import { ErrorMessage } from './ErrorMessage'
import { ManualPanel } from './ManualPanel'
import { PastePanel } from './PastePanel'
import { ScanPanel } from './ScanPanel'
import { UploadButton } from './UploadButton'
import { actions, useApp } from '../useApp'

/** The way in: four ways to reach a gateway, then one confirm screen. */
export function Onboarding() {
  const onboarding = useApp((s) => s.onboarding)
  const hasGateways = useApp((s) => s.gateways.length > 0)
  if (onboarding.step === 'confirm' || onboarding.step === 'probing') return <ConfirmPanel />
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
      {method === 'scan' && <ScanPanel />}
      {method === 'paste' && <PastePanel />}
      {method === 'manual' && <ManualPanel />}
      {(hasGateways || isRepair) && (
        <button type="button" className="link" onClick={() => actions().closeOnboarding()}>
          Cancel
        </button>
      )}
    </section>
  )
}
