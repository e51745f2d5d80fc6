import { useState, type FormEvent } from 'react'
import { defineMessages } from '../../i18n'
import { actions } from '../useApp'
import { useText } from '../useText'

const TEXT = defineMessages('onboarding.paste', {
  label: 'Setup code',
  placeholder: 'Paste the code from openclaw qr (or an oc-pair:// link)',
  continue: 'Continue',
})

export function PastePanel() {
  const [text, setText] = useState('')
  const t = useText(TEXT)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void actions().submitSetupText(text, 'paste')
  }
  return (
    <form className="method" onSubmit={submit}>
      <label htmlFor="setup-code">{t('label')}</label>
      <textarea
        id="setup-code"
        rows={3}
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        placeholder={t('placeholder')}
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <button type="submit" className="primary">
        {t('continue')}
      </button>
    </form>
  )
}
