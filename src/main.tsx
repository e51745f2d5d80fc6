import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { appStore } from './store'
import { App } from './ui/App'
import './ui/styles.css'

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
void appStore.getState().boot()
