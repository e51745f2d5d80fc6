import { Suspense, useState, type FormEvent } from 'react'
import type { Role } from '../../gateway'
import { formatRemaining, useNow } from '../useNow'
import { actions, useApp } from '../useApp'
import { defineMessages } from '../../i18n'
import { lazyScreen, useText } from '../useText'

// Most pairings show no error: its component and words load when one does.
const ErrorMessage = lazyScreen('errors', () => import('./ErrorMessage').then((module) => module.ErrorMessage))
const TlsPinNote = lazyScreen('errors', () => import('./TlsPinNote').then((module) => module.TlsPinNote))

const TEXT = defineMessages('onboarding.confirm', {
  validFor: 'This code is valid for {time} more.',
  expired: 'This code has expired.',
  title: 'Connect to this gateway?',
  gateway: 'Gateway',
  otherAddresses: '(and {count, plural, one {# other address} other {# other addresses}} to try)',
  checkGateway: 'Check that this is your gateway before you connect.',
  deviceName: 'Device name',
  role: 'Role',
  chatRole: 'Chat (operator)',
  chatRoleHint: ' — talk to your agent from this device.',
  nodeRole: 'Node',
  nodeRoleHint: ' — lend this device to the agent (location, camera, notifications); no chat on this connection.',
  connecting: 'Connecting…',
  connect: 'Connect',
  back: 'Back',
  differentTitle: 'This is a different gateway',
  differentBody: 'This code’s address is not one that {label} is known by ({known}).',
  choiceGroup: 'What is this gateway?',
  asNew: 'Add as a new gateway',
  asNewHint: ' — {label} keeps its address, tokens and messages; this gateway gets its own.',
  sameNewAddress: 'Same gateway, new address',
  sameNewAddressHint: ' — only if {label} moved. The gateway there must first prove it knows this device; until then nothing of {label} is sent to it.',
})

function Validity({ expiresAtMs }: { expiresAtMs: number }) {
  const now = useNow()
  const remaining = expiresAtMs - now
  const t = useText(TEXT)
  return <p className={remaining < 60_000 ? 'warning' : 'muted'}>{remaining > 0 ? t('validFor', { time: formatRemaining(remaining) }) : t('expired')}</p>
}

/** Shows where the code leads and lets the user pick a name and a role before anything is stored. */
export function ConfirmPanel() {
  const onboarding = useApp((s) => s.onboarding)
  const draft = onboarding.step === 'confirm' || onboarding.step === 'probing' ? onboarding.draft : null
  const [deviceName, setDeviceName] = useState(draft?.deviceName ?? '')
  const [role, setRole] = useState<Role>(draft?.role ?? 'operator')
  const [sameGatewayNewAddress, setSameGatewayNewAddress] = useState(false)
  const target = useApp((s) => s.gateways.find((gateway) => gateway.id === draft?.targetGatewayId))
  const t = useText(TEXT)
  if (!draft) return null
  const isProbing = onboarding.step === 'probing'
  const error = onboarding.step === 'confirm' ? onboarding.error : undefined
  const different = draft.differentGateway === true && target !== undefined
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void actions().confirmPairing({ deviceName, role, sameGatewayNewAddress: different && sameGatewayNewAddress })
  }
  return (
    <section className="panel" aria-labelledby="confirm-title">
      <h2 id="confirm-title">{t('title')}</h2>
      <dl className="facts">
        <dt>{t('gateway')}</dt>
        <dd>
          <code className="gateway-url">{draft.urls[0]}</code>
          {draft.urls.length > 1 && <span className="muted"> {t('otherAddresses', { count: draft.urls.length - 1 })}</span>}
        </dd>
      </dl>
      <p className="muted">{t('checkGateway')}</p>
      {different && (
        <div className="warning" role="note" aria-labelledby="different-title">
          <h3 id="different-title">{t('differentTitle')}</h3>
          <p>{t('differentBody', { label: target.label, known: [...new Set([target.url, ...target.candidateUrls])].join(', ') })}</p>
        </div>
      )}
      {draft.bootstrap?.expiresAtMs !== undefined && <Validity expiresAtMs={draft.bootstrap.expiresAtMs} />}
      {draft.tlsFingerprint && (
        <Suspense fallback={null}>
          <TlsPinNote address={draft.urls[0] ?? ''} fingerprint={draft.tlsFingerprint} />
        </Suspense>
      )}
      {error && (
        <Suspense fallback={null}>
          <ErrorMessage error={error} />
        </Suspense>
      )}
      <form onSubmit={submit}>
        {different && (
          // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a fieldset of radios is announced as the radio group it is.
          <fieldset role="radiogroup" aria-label={t('choiceGroup')}>
            <legend>{t('choiceGroup')}</legend>
            <label className="choice">
              <input type="radio" name="gateway-kind" checked={!sameGatewayNewAddress} onChange={() => setSameGatewayNewAddress(false)} />
              <span>
                <strong>{t('asNew')}</strong>
                <span className="muted">{t('asNewHint', { label: target.label })}</span>
              </span>
            </label>
            {draft.bootstrap && (
              <label className="choice">
                <input type="radio" name="gateway-kind" checked={sameGatewayNewAddress} onChange={() => setSameGatewayNewAddress(true)} />
                <span>
                  <strong>{t('sameNewAddress')}</strong>
                  <span className="muted">{t('sameNewAddressHint', { label: target.label })}</span>
                </span>
              </label>
            )}
          </fieldset>
        )}
        <label htmlFor="device-name">{t('deviceName')}</label>
        <input id="device-name" maxLength={64} value={deviceName} onChange={(event) => setDeviceName(event.target.value)} />
        {/* biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a fieldset of radios is announced as the radio group it is. */}
        <fieldset role="radiogroup" aria-label={t('role')}>
          <legend>{t('role')}</legend>
          <label className="choice">
            <input type="radio" name="role" value="operator" checked={role === 'operator'} onChange={() => setRole('operator')} />
            <span>
              <strong>{t('chatRole')}</strong>
              <span className="muted">{t('chatRoleHint')}</span>
            </span>
          </label>
          <label className="choice">
            <input type="radio" name="role" value="node" checked={role === 'node'} onChange={() => setRole('node')} />
            <span>
              <strong>{t('nodeRole')}</strong>
              <span className="muted">{t('nodeRoleHint')}</span>
            </span>
          </label>
        </fieldset>
        <div className="row">
          <button type="submit" className="primary" disabled={isProbing}>
            {isProbing ? t('connecting') : t('connect')}
          </button>
          <button type="button" onClick={() => actions().openOnboarding()}>
            {t('back')}
          </button>
        </div>
      </form>
    </section>
  )
}
