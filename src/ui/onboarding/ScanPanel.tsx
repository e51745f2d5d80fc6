import { useEffect, useRef, useState } from 'react'
import { defineMessages, translate } from '../../i18n'
import { actions } from '../useApp'
import { useText } from '../useText'

const TEXT = defineMessages('onboarding.scan', {
  preview: 'Camera preview',
  starting: 'Starting the camera…',
  point: 'Point the camera at the QR code on the gateway’s screen.',
  torch: 'Torch',
  stop: 'Stop scanning',
  failed: 'The camera could not be started.',
  failedFix: 'Paste the setup code or upload a photo of the QR code instead.',
})
import { isErrorView } from './errorView'

type Torch = { isOn(): boolean; set(on: boolean): Promise<void> }

/**
 * The camera scanner. The QR decoder is its own chunk, loaded only here; the camera stops when
 * this panel closes or the page is hidden, and the scan restarts when the page is visible again.
 */
export function ScanPanel() {
  const video = useRef<HTMLVideoElement>(null)
  const [torch, setTorch] = useState<Torch | null>(null)
  const [isTorchOn, setTorchOn] = useState(false)
  const [isStarting, setStarting] = useState(true)
  const t = useText(TEXT)

  useEffect(() => {
    let session: { stop(): void; torch?: Torch } | null = null
    let cancelled = false

    async function start() {
      if (!video.current || document.visibilityState === 'hidden') return
      setStarting(true)
      try {
        const { startScan } = await import('../../pairing/scanner')
        if (cancelled || !video.current) return
        session = await startScan(
          video.current,
          (text) => {
            stop()
            void actions().submitSetupText(text, 'scan')
          },
          (error) => {
            stop()
            actions().showPairingError(error)
          },
        )
        if (cancelled) return stop()
        setTorch(session.torch ?? null)
      } catch (error) {
        if (!cancelled)
          actions().showPairingError(
            isErrorView(error)
              ? error
              : {
                  code: 'camera_unavailable',
                  message: translate(TEXT, 'failed'),
                  fix: translate(TEXT, 'failedFix'),
                },
          )
      } finally {
        if (!cancelled) setStarting(false)
      }
    }
    function stop() {
      session?.stop()
      session = null
    }
    const onVisibility = () => (document.visibilityState === 'hidden' ? stop() : session ? undefined : void start())

    void start()
    document.addEventListener('visibilitychange', onVisibility)
    return () => {
      cancelled = true
      document.removeEventListener('visibilitychange', onVisibility)
      stop()
    }
  }, [])

  const toggleTorch = async () => {
    if (!torch) return
    await torch.set(!isTorchOn)
    setTorchOn(torch.isOn())
  }

  return (
    <div className="method scanner">
      <video ref={video} className="scanner-video" muted playsInline aria-label={t('preview')} />
      <p className="muted" aria-live="polite">
        {isStarting ? t('starting') : t('point')}
      </p>
      <div className="row">
        {torch && (
          <button type="button" aria-pressed={isTorchOn} onClick={() => void toggleTorch()}>
            {t('torch')}
          </button>
        )}
        <button type="button" onClick={() => actions().chooseMethod('paste')}>
          {t('stop')}
        </button>
      </div>
    </div>
  )
}
