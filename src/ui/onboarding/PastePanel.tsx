import { useState, type FormEvent } from 'react'
import { actions } from '../useApp'

export function PastePanel() {
  const [text, setText] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void actions().submitSetupText(text, 'paste')
  }
  return (
    <form className="method" onSubmit={submit}>
      <label htmlFor="setup-code">Setup code</label>
      <textarea
        id="setup-code"
        rows={3}
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        placeholder="Paste the code from openclaw qr (or an oc-pair:// link)"
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <button type="submit" className="primary">
        Continue
      </button>
    </form>
  )
}
