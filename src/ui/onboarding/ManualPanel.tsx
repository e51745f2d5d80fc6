import { useState, type FormEvent } from 'react'
import { actions } from '../useApp'

export function ManualPanel() {
  const [url, setUrl] = useState('')
  const [secret, setSecret] = useState('')
  const [kind, setKind] = useState<'token' | 'password'>('token')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void actions().submitManual(kind === 'token' ? { url, token: secret } : { url, password: secret })
  }
  return (
    <form className="method" onSubmit={submit}>
      <label htmlFor="gateway-url">Gateway URL</label>
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
        <legend>The gateway checks a</legend>
        <label>
          <input type="radio" name="secret-kind" checked={kind === 'token'} onChange={() => setKind('token')} /> token
        </label>
        <label>
          <input type="radio" name="secret-kind" checked={kind === 'password'} onChange={() => setKind('password')} /> password
        </label>
      </fieldset>
      <label htmlFor="gateway-secret">{kind === 'token' ? 'Token' : 'Password'}</label>
      <input id="gateway-secret" type="password" autoComplete="off" value={secret} onChange={(event) => setSecret(event.target.value)} />
      <button type="submit" className="primary">
        Continue
      </button>
    </form>
  )
}
