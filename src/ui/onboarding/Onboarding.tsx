import { lazy, Suspense, useEffect } from 'react'
import { defineMessages } from '../../i18n'
import { actions, useApp } from '../useApp'
import { lazyScreen, useText } from '../useText'
import { prefetchWhenIdle, warmScanner } from './decoderPrefetch'
import { PastePanel } from './PastePanel'
import { UploadButton } from './UploadButton'

// Most pairings show no error: its component and words load when one does.
const ErrorMessage = lazyScreen('errors', () => import('./ErrorMessage').then((module) => module.ErrorMessage))

// The welcome screen is four buttons: the camera, manual and confirm panels load when one is chosen
// (the service worker has them cached after the first visit).
const ConfirmPanel = lazy(() => import('./ConfirmPanel').then((module) => ({ default: module.ConfirmPanel })))
const ManualPanel = lazy(() => import('./ManualPanel').then((module) => ({ default: module.ManualPanel })))
const ScanPanel = lazy(() => import('./ScanPanel').then((module) => ({ default: module.ScanPanel })))

const TEXT = defineMessages('onboarding.welcome', {
  loading: 'Loading…',
  repairTitle: 'Pair again with a new code',
  title: 'Pair with your OpenClaw gateway',
  lead: 'On the gateway host, run {qr} and scan the code it shows. This device asks to join; you approve it once with {approve}.',
  ways: 'Ways to pair',
  scan: 'Scan QR code',
  paste: 'Paste setup code',
  manual: 'Enter manually',
  cancel: 'Cancel',
})

/** The way in: four ways to reach a gateway, then one confirm screen. */
export function Onboarding() {
  const onboarding = useApp((s) => s.onboarding)
  const hasGateways = useApp((s) => s.gateways.length > 0)
  const t = useText(TEXT)
  useEffect(prefetchWhenIdle, [])
  const loading = <p className="muted">{t('loading')}</p>
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
  // A camera that could not start leaves no viewfinder behind: the message and the other ways remain.
  const isCameraDown = error?.code.startsWith('camera_') === true
  // The filled button is the way the user is on (Scan QR code until they pick another).
  const primaryIf = (chosen: boolean) => (chosen ? 'primary' : undefined)
  return (
    <section className="panel onboarding" aria-labelledby="onboarding-title">
      <h2 id="onboarding-title">{isRepair ? t('repairTitle') : t('title')}</h2>
      <p className="lead">{t.rich('lead', { qr: <code translate="no">openclaw qr</code>, approve: <code translate="no">openclaw devices approve</code> })}</p>
      {error && (
        <Suspense fallback={null}>
          <ErrorMessage error={error} />
        </Suspense>
      )}
      {/* biome-ignore lint/a11y/useSemanticElements: a row of buttons, not form fields; a fieldset would draw a border and a legend. */}
      <div className="ways" role="group" aria-label={t('ways')}>
        <button
          type="button"
          className={primaryIf(method === undefined || method === 'scan')}
          aria-pressed={method === 'scan'}
          onClick={() => {
            warmScanner()
            actions().chooseMethod('scan')
          }}
        >
          {t('scan')}
        </button>
        <button type="button" className={primaryIf(method === 'paste')} aria-pressed={method === 'paste'} onClick={() => actions().chooseMethod('paste')}>
          {t('paste')}
        </button>
        <UploadButton />
        <button type="button" className={primaryIf(method === 'manual')} aria-pressed={method === 'manual'} onClick={() => actions().chooseMethod('manual')}>
          {t('manual')}
        </button>
      </div>
      <Suspense fallback={loading}>
        {method === 'scan' && !isCameraDown && <ScanPanel />}
        {method === 'paste' && <PastePanel />}
        {method === 'manual' && <ManualPanel />}
      </Suspense>
      {(hasGateways || isRepair) && (
        <button type="button" className="link" onClick={() => actions().closeOnboarding()}>
          {t('cancel')}
        </button>
      )}
    </section>
  )
}
