import { defineMessages } from '../../i18n'
import { actions, useApp } from '../useApp'
import { useText } from '../useText'

const TEXT = defineMessages('onboarding.probeNote', {
  connectedVia: 'Connected via {url}.',
  dismiss: 'Dismiss',
})

/** Says which of several gateway addresses answered, once, after pairing. */
export function ProbeNote() {
  const url = useApp((s) => s.lastProbeUrl)
  const t = useText(TEXT)
  if (!url) return null
  return (
    <p className="probe-note">
      {t('connectedVia', { url })}{' '}
      <button type="button" className="link" onClick={() => actions().dismissProbeNote()}>
        {t('dismiss')}
      </button>
    </p>
  )
}
