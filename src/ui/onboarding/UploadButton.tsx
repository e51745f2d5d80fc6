import { useRef } from 'react'
import { defineMessages } from '../../i18n'
import { actions } from '../useApp'
import { useText } from '../useText'

const TEXT = defineMessages('onboarding.upload', {
  upload: 'Upload QR image',
  noQr: 'No QR code could be read from that image.',
  noQrFix: 'Try a sharper photo, or paste the setup code instead.',
})
import { isErrorView } from './errorView'

/** Decodes a photo or screenshot of the QR; the decoder loads only when a file is picked. */
export function UploadButton() {
  const input = useRef<HTMLInputElement>(null)
  const t = useText(TEXT)
  const onFile = async (file: File | undefined) => {
    if (!file) return
    actions().chooseMethod('upload')
    try {
      const { decodeImageFile } = await import('../../pairing/scanner')
      await actions().submitSetupText(await decodeImageFile(file), 'upload')
    } catch (error) {
      actions().showPairingError(isErrorView(error) ? error : { code: 'no_qr_in_image', message: t('noQr'), fix: t('noQrFix') })
    } finally {
      if (input.current) input.current.value = ''
    }
  }
  return (
    <>
      <button type="button" onClick={() => input.current?.click()}>
        {t('upload')}
      </button>
      <input
        ref={input}
        className="visually-hidden"
        type="file"
        accept="image/*"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="qr-image-input"
        onChange={(event) => void onFile(event.target.files?.[0])}
      />
    </>
  )
}
