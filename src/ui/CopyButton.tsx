import { useState } from 'react'

/** Copies a command; says so for a moment (and to screen readers) when it worked. */
export function CopyButton({ text, label = 'Copy command' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle')
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text)
      setCopied('copied')
    } catch {
      setCopied('failed')
    }
    setTimeout(() => setCopied('idle'), 2000)
  }
  return (
    <>
      <button type="button" onClick={() => void copy()}>
        {label}
      </button>
      <span className="muted" aria-live="polite">
        {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Select the command and copy it by hand' : ''}
      </span>
    </>
  )
}
