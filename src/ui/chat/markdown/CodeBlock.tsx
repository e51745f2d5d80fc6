import { useEffect, useState } from 'react'

const COPIED_FOR_MS = 2000

type CopyState = 'idle' | 'copied' | 'failed'

/** A code block with a "Copy code" button; the outcome is announced through an aria-live span. */
export function CodeBlock({ code, lang }: { code: string; lang: string }) {
  const [state, setState] = useState<CopyState>('idle')

  useEffect(() => {
    if (state === 'idle') return
    const timer = setTimeout(() => setState('idle'), COPIED_FOR_MS)
    return () => clearTimeout(timer)
  }, [state])

  const copy = async () => {
    try {
      // NOTE: clipboard is undefined outside a secure context (plain http on a LAN address).
      if (!navigator.clipboard) throw new Error('no clipboard')
      await navigator.clipboard.writeText(code)
      setState('copied')
    } catch {
      setState('failed')
    }
  }

  return (
    <div className="md-code">
      <div className="md-code-bar">
        {lang && <span className="md-code-lang">{lang}</span>}
        <button type="button" className="md-copy" onClick={() => void copy()}>
          Copy code
        </button>
        <span className="md-copy-status" aria-live="polite">
          {state === 'copied' ? 'Copied' : state === 'failed' ? 'Could not copy; select the code instead' : ''}
        </span>
      </div>
      <pre>
        <code>{code}</code>
      </pre>
    </div>
  )
}
