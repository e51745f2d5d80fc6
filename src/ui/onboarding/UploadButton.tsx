import { useRef } from 'react'
import { actions } from '../useApp'
import { isErrorView } from './ErrorMessage'

/** Decodes a photo or screenshot of the QR; the decoder loads only when a file is picked. */
export function UploadButton() {
  const input = useRef<HTMLInputElement>(null)
  const onFile = async (file: File | undefined) => {
    if (!file) return
    actions().chooseMethod('upload')
    try {
      const { decodeImageFile } = await import('../../pairing/scanner')
      await actions().submitSetupText(await decodeImageFile(file), 'upload')
    } catch (error) {
      actions().showPairingError(
        isErrorView(error) ? error : { code: 'no_qr_in_image', message: 'No QR code could be read from that image.', fix: 'Try a sharper photo, or paste the setup code instead.' },
      )
    } finally {
      if (input.current) input.current.value = ''
    }
  }
  return (
    <>
      <button type="button" onClick={() => input.current?.click()}>
        Upload QR image
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
