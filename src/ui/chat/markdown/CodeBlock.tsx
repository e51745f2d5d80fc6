import { useEffect, useState } from 'react'
import { defineMessages } from '../../../i18n'
import { copyToClipboard } from '../../copyToClipboard'
import { useText } from '../../useText'

const TEXT = defineMessages('chat.codeBlock', {
  copy: 'Copy code',
  copied: 'Copied',
  failed: 'Could not copy; select the code instead',
})

const COPIED_FOR_MS = 2000

type CopyState = 'idle' | 'copied' | 'failed'

/** A code block with a "Copy code" button; the outcome is announced through an aria-live span. */
export function CodeBlock({ code, lang }: { code: string; lang: string }) {
  const [state, setState] = useState<CopyState>('idle')
  const t = useText(TEXT)

  useEffect(() => {
    if (state === 'idle') return
    const timer = setTimeout(() => setState('idle'), COPIED_FOR_MS)
    return () => clearTimeout(timer)
  }, [state])

  const copy = async () => setState((await copyToClipboard(code)) ? 'copied' : 'failed')

  return (
    <div className="md-code">
      <div className="md-code-bar">
        {lang && <span className="md-code-lang">{lang}</span>}
        <button type="button" className="md-copy" onClick={() => void copy()}>
          {t('copy')}
        </button>
        <span className="md-copy-status" aria-live="polite">
          {state === 'idle' ? '' : t(state)}
        </span>
      </div>
      <pre>
        <code>{code}</code>
      </pre>
    </div>
  )
}
