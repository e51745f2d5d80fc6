import { useSyncExternalStore } from 'react'
import { installOffer, promptInstall, subscribeInstallOffer } from './installPrompt'
import { defineMessages } from '../../i18n'
import { useText } from '../useText'
import './install.css'

const TEXT = defineMessages('pwa.install', {
  install: 'Install app',
  share: 'Tap {share} {icon} in Safari’s toolbar.',
  shareName: 'Share',
  shareIcon: '(the square with an arrow)',
  addToHome: 'Choose {addToHome}.',
  addToHomeName: 'Add to Home Screen',
})

/** "Install app" where the browser can install it; Safari on iOS gets its two manual steps instead. */
export function InstallButton() {
  const offer = useSyncExternalStore(subscribeInstallOffer, installOffer, () => 'none' as const)
  const t = useText(TEXT)
  if (offer === 'prompt') {
    return (
      <button type="button" className="install-button" onClick={() => void promptInstall()}>
        {t('install')}
      </button>
    )
  }
  if (offer === 'ios') {
    return (
      <details className="install-ios">
        <summary>{t('install')}</summary>
        <ol className="install-steps">
          <li>{t.rich('share', { share: <strong>{t('shareName')}</strong>, icon: <span aria-hidden="true">{t('shareIcon')}</span> })}</li>
          <li>{t.rich('addToHome', { addToHome: <strong>{t('addToHomeName')}</strong> })}</li>
        </ol>
      </details>
    )
  }
  return null
}
