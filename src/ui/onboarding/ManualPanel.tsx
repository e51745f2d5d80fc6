import { useState, type FormEvent } from 'react'
import { defineMessages } from '../../i18n'
import { actions } from '../useApp'
import { useText } from '../useText'

const TEXT = defineMessages('onboarding.manual', {
  url: 'Gateway URL',
  checks: 'The gateway checks a',
  token: 'token',
  password: 'password',
  tokenLabel: 'Token',
  passwordLabel: 'Password',
  continue: 'Continue',
})

export function ManualPanel() {
  const [url, setUrl] = useState('')
  const [secret, setSecret] = useState('')
  const [kind, setKind] = useState<'token' | 'password'>('token')
  const t = useText(TEXT)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void actions().submitManual(kind === 'token' ? { url, token: secret } : { url, password: secret })
  }
  return (
    <form className="method" onSubmit={submit}>
      <label htmlFor="gateway-url">{t('url')}</label>
      <input
        id="gateway-url"
        type="url"
        inputMode="url"
        autoComplete="url"
        autoCapitalize="off"
        spellCheck={false}
        placeholder="wss://gateway.example.ts.net"
        value={url}
        onChange={(event) => setUrl(event.target.value)}
      />
      <fieldset className="inline">
        <legend>{t('checks')}</legend>
        <label>
          <input type="radio" name="secret-kind" checked={kind === 'token'} onChange={() => setKind('token')} /> {t('token')}
        </label>
        <label>
          <input type="radio" name="secret-kind" checked={kind === 'password'} onChange={() => setKind('password')} /> {t('password')}
        </label>
      </fieldset>
      <label htmlFor="gateway-secret">{kind === 'token' ? t('tokenLabel') : t('passwordLabel')}</label>
      <input id="gateway-secret" type="password" autoComplete="off" value={secret} onChange={(event) => setSecret(event.target.value)} />
      <button type="submit" className="primary">
        {t('continue')}
      </button>
    </form>
  )
}
