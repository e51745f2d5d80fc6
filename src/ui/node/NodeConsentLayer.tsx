import './consent.css'
import { defineMessages } from '../../i18n'
import { useApp } from '../useApp'
import { useText } from '../useText'
import { ConsentSheet } from './ConsentSheet'

const TEXT = defineMessages('node.sensors', {
  camera: 'Camera on for the agent on {gateway}',
  location: 'Location in use by the agent on {gateway}',
  label: 'Camera and location in use',
  someGateway: 'a gateway',
})

/**
 * What a node's camera or location request shows whichever screen is open: the consent sheet while
 * one waits for the user, and an indicator for as long as the camera or the location is on.
 */
export function NodeConsentLayer() {
  const prompt = useApp((s) => s.nodeConsent)
  const inUse = useApp((s) => s.sensorsInUse)
  const labels = useApp((s) => s.gateways)
  const t = useText(TEXT)
  const labelOf = (gatewayId: string) => labels.find((g) => g.id === gatewayId)?.label ?? t('someGateway')
  const shown = inUse.filter((use, index) => inUse.findIndex((other) => other.gatewayId === use.gatewayId && other.kind === use.kind) === index)
  return (
    <>
      <div role="status" aria-label={t('label')} className="sensor-indicator">
        {shown.map((use) => (
          <p key={`${use.gatewayId}-${use.kind}`} data-kind={use.kind}>
            <span aria-hidden="true" className="sensor-dot" /> {t(use.kind, { gateway: labelOf(use.gatewayId) })}
          </p>
        ))}
      </div>
      {prompt && <ConsentSheet key={prompt.invokeId} prompt={prompt} />}
    </>
  )
}
