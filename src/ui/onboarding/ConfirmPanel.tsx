import { useState, type FormEvent } from 'react'
import type { Role } from '../../gateway'
import { formatRemaining, useNow } from '../useNow'
import { actions, useApp } from '../useApp'
import { ErrorMessage } from './ErrorMessage'

function Validity({ expiresAtMs }: { expiresAtMs: number }) {
  const now = useNow()
  const remaining = expiresAtMs - now
  return <p className={remaining < 60_000 ? 'warning' : 'muted'}>{remaining > 0 ? `This code is valid for ${formatRemaining(remaining)} more.` : 'This code has expired.'}</p>
}

/** Shows where the code leads and lets the user pick a name and a role before anything is stored. */
export function ConfirmPanel() {
  const onboarding = useApp((s) => s.onboarding)
  const draft = onboarding.step === 'confirm' || onboarding.step === 'probing' ? onboarding.draft : null
  const [deviceName, setDeviceName] = useState(draft?.deviceName ?? '')
  const [role, setRole] = useState<Role>(draft?.role ?? 'operator')
  if (!draft) return null
  const isProbing = onboarding.step === 'probing'
  const error = onboarding.step === 'confirm' ? onboarding.error : undefined
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void actions().confirmPairing({ deviceName, role })
  }
  return (
    <section className="panel" aria-labelledby="confirm-title">
      <h2 id="confirm-title">Connect to this gateway?</h2>
      <dl className="facts">
        <dt>Gateway</dt>
        <dd>
          <code className="gateway-url">{draft.urls[0]}</code>
          {draft.urls.length > 1 && <span className="muted"> (and {draft.urls.length - 1} other address{draft.urls.length > 2 ? 'es' : ''} to try)</span>}
        </dd>
      </dl>
      <p className="muted">Check that this is your gateway before you connect.</p>
      {draft.bootstrap?.expiresAtMs !== undefined && <Validity expiresAtMs={draft.bootstrap.expiresAtMs} />}
      {error && <ErrorMessage error={error} />}
      <form onSubmit={submit}>
        <label htmlFor="device-name">Device name</label>
        <input id="device-name" maxLength={64} value={deviceName} onChange={(event) => setDeviceName(event.target.value)} />
        <fieldset role="radiogroup" aria-label="Role">
          <legend>Role</legend>
          <label className="choice">
            <input type="radio" name="role" value="operator" checked={role === 'operator'} onChange={() => setRole('operator')} />
            <span>
              <strong>Chat (operator)</strong>
              <span className="muted"> — talk to your agent from this device.</span>
            </span>
          </label>
          <label className="choice">
            <input type="radio" name="role" value="node" checked={role === 'node'} onChange={() => setRole('node')} />
            <span>
              <strong>Node</strong>
              <span className="muted"> — lend this device to the agent (location, camera, notifications); no chat on this connection.</span>
            </span>
          </label>
        </fieldset>
        <div className="row">
          <button type="submit" className="primary" disabled={isProbing}>
            {isProbing ? 'Connecting…' : 'Connect'}
          </button>
          <button type="button" onClick={() => actions().openOnboarding()}>
            Back
          </button>
        </div>
      </form>
    </section>
  )
}
