import { useState } from 'react'
import { copyToClipboard } from './copyToClipboard'
import { defineMessages } from '../i18n'
import { useText } from './useText'

const TEXT = defineMessages('shell.copy', {
  copyCommand: 'Copy command',
  copied: 'Copied',
  failed: 'Select the command and copy it by hand',
})

/** Copies a command; says so for a moment (and to screen readers) when it worked. */
export function CopyButton({ text, label }: { text: string; label?: string }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle')
  const t = useText(TEXT)
  const copy = async () => {
    setCopied((await copyToClipboard(text)) ? 'copied' : 'failed')
    setTimeout(() => setCopied('idle'), 2000)
  }
  return (
    <>
      <button type="button" onClick={() => void copy()}>
        {label ?? t('copyCommand')}
      </button>
      <span className="muted" aria-live="polite">
        {copied === 'idle' ? '' : t(copied)}
      </span>
    </>
  )
}
