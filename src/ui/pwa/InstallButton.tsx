import { useSyncExternalStore } from 'react'
import { installOffer, promptInstall, subscribeInstallOffer } from './installPrompt'
import './install.css'

/** "Install app" where the browser can install it; Safari on iOS gets its two manual steps instead. */
export function InstallButton() {
  const offer = useSyncExternalStore(subscribeInstallOffer, installOffer, () => 'none' as const)
  if (offer === 'prompt') {
    return (
      <button type="button" className="install-button" onClick={() => void promptInstall()}>
        Install app
      </button>
    )
  }
  if (offer === 'ios') {
    return (
      <details className="install-ios">
        <summary>Install app</summary>
        <ol className="install-steps">
          <li>
            Tap <strong>Share</strong> <span aria-hidden="true">(the square with an arrow)</span> in Safari’s toolbar.
          </li>
          <li>
            Choose <strong>Add to Home Screen</strong>.
          </li>
        </ol>
      </details>
    )
  }
  return null
}
