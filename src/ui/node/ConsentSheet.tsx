import { useEffect, useRef } from 'react'
import type { ConsentChoice, NodeConsentPrompt } from '../../store'
import { defineMessages } from '../../i18n'
import { actions, useApp } from '../useApp'
import { useText } from '../useText'

const TEXT = defineMessages('node.consent', {
  cameraTitle: 'Allow the agent to take a photo?',
  locationTitle: 'Share your location with the agent?',
  cameraBody: 'The agent on {gateway} asks for one photo from this camera. Nothing is taken unless you allow it.',
  locationBody: 'The agent on {gateway} asks where this device is ({accuracy}). Nothing is shared unless you allow it.',
  precise: 'precise position',
  balanced: 'approximate position',
  coarse: 'area of about 2 km',
  someGateway: 'a gateway',
  preview: 'Live camera preview',
  allowOnce: 'Allow once',
  allowHour: 'Allow for 1 hour',
  deny: 'Deny',
  unanswered: 'If you do not answer, the request is denied.',
})

/**
 * The consent sheet for a node's camera or location request: a modal dialog (focus moves into it,
 * Escape denies, focus goes back where it was), with the camera's live preview so the user sees
 * exactly what a photo would show. Answering is the only way the photo or the location is taken.
 */
export function ConsentSheet({ prompt }: { prompt: NodeConsentPrompt }) {
  const t = useText(TEXT)
  const gateway = useApp((s) => s.gateways.find((g) => g.id === prompt.gatewayId)?.label) ?? t('someGateway')
  const dialog = useRef<HTMLDialogElement>(null)
  const video = useRef<HTMLVideoElement>(null)
  const deny = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    const sheet = dialog.current
    if (!sheet) return
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null
    if (!sheet.open) sheet.showModal()
    // Deny first: Enter or a stray tap must never take a photo.
    deny.current?.focus()
    return () => {
      if (sheet.open) sheet.close()
      if (before?.isConnected) before.focus()
    }
  }, [])

  useEffect(() => {
    if (prompt.kind !== 'camera' || !video.current) return
    video.current.srcObject = prompt.preview
    return () => {
      if (video.current) video.current.srcObject = null
    }
  }, [prompt])

  const answer = (choice: ConsentChoice) => actions().answerNodeConsent(choice)
  const titleId = 'consent-title'
  return (
    <dialog
      ref={dialog}
      className="consent-sheet"
      aria-labelledby={titleId}
      aria-describedby="consent-body"
      data-kind={prompt.kind}
      onCancel={(event) => {
        // Escape is an answer (Deny), not just a close: the request must not linger unanswered.
        event.preventDefault()
        answer('deny')
      }}
    >
      <h2 id={titleId}>{prompt.kind === 'camera' ? t('cameraTitle') : t('locationTitle')}</h2>
      <p id="consent-body">
        {prompt.kind === 'camera' ? t('cameraBody', { gateway }) : t('locationBody', { gateway, accuracy: t(prompt.accuracy) })} {t('unanswered')}
      </p>
      {prompt.kind === 'camera' && <video ref={video} className="consent-preview" aria-label={t('preview')} autoPlay muted playsInline />}
      <div className="row consent-actions">
        <button ref={deny} type="button" onClick={() => answer('deny')}>
          {t('deny')}
        </button>
        <button type="button" className="primary" onClick={() => answer('allow-once')}>
          {t('allowOnce')}
        </button>
        {prompt.kind === 'location' && (
          <button type="button" onClick={() => answer('allow-hour')}>
            {t('allowHour')}
          </button>
        )}
      </div>
    </dialog>
  )
}
