/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'
import pkg from './package.json' with { type: 'json' }

export default defineConfig({
  define: {
    __APP_VERSION__: JSON.stringify(pkg.version),
    // Tells two builds of one version apart (the PWA update e2e test builds twice).
    __APP_BUILD__: JSON.stringify(process.env.APP_BUILD_ID ?? 'local'),
  },
  plugins: [
    react(),
    VitePWA({
      // The app asks before it reloads (src/ui/pwa/UpdateToast.tsx): an unsent draft must never vanish.
      registerType: 'prompt',
      // src/ui/pwa/serviceWorker.ts registers the worker; no extra script (the CSP allows none inline).
      injectRegister: false,
      // The manifest's icons are precached by globPatterns below; listing them twice only duplicates entries.
      includeManifestIcons: false,
      manifest: {
        id: '/',
        name: 'OpenClaw Companion',
        short_name: 'OpenClaw',
        description: 'Pair with your OpenClaw gateway by QR code and chat with it, on your phone or desktop.',
        lang: 'en',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        // One colour each in a manifest: the light theme's. index.html has per-scheme theme-color metas.
        theme_color: '#0f766e',
        background_color: '#f6f8f7',
        categories: ['productivity', 'utilities'],
        icons: [
          { src: 'pwa-192x192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'pwa-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'maskable-icon-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The shell and every chunk, the lazily loaded QR scanner and its WebAssembly decoder included,
        // so scanning works offline; the icons too (the plugin adds the manifest itself).
        globPatterns: ['**/*.{js,css,html,svg,png,wasm}'],
        navigateFallback: 'index.html',
        // Paths that name a file (sw.js, icons, the manifest) are never answered with the app shell.
        navigateFallbackDenylist: [/^[^?]*\.[a-z0-9]+(?:\?.*)?$/i],
        // NOTE: no runtimeCaching: the worker answers only for its own precached URLs and navigations,
        // so the gateway's WebSocket and HTTP (always another origin) go straight to the network.
        cleanupOutdatedCaches: true,
        // The first install controls the open page at once; updates still wait for the user's Reload.
        clientsClaim: true,
      },
    }),
  ],
  // Every browser the app supports (it needs WebCrypto Ed25519 or the noble fallback, ES2022) knows
  // <link rel="modulepreload">; older ones only skip the preload hint. The polyfill cost first-screen bytes.
  build: { modulePreload: { polyfill: false } },
  // app.test: the origin-not-allowed e2e test serves the app under a non-loopback name mapped to 127.0.0.1.
  preview: { port: 4173, strictPort: true, allowedHosts: ['app.test'] },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['src/test/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['e2e/integration/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['src/test/setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
