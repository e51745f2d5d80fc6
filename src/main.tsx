import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { appStore } from './store'
import { App } from './ui/App'
// Listens for beforeinstallprompt at startup: Chrome fires it once, maybe before the install button's chunk arrives.
import './ui/pwa/installPrompt'
import './ui/styles.css'

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
void appStore.getState().boot()
