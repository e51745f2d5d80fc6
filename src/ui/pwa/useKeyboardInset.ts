import { useEffect } from 'react'
import { watchKeyboardInset } from './keyboardInset'

/** Publishes --keyboard-inset on <html> while mounted (see keyboardInset.ts). */
export function useKeyboardInset(): void {
  useEffect(() => watchKeyboardInset(window, document.documentElement.style), [])
}
