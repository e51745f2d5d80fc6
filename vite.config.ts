/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'
import pkg from './package.json' with { type: 'json' }
import { hostingHeaders } from './scripts/hostingHeaders'
import { poCatalogs, sourceTextStripper } from './scripts/i18n/compileCatalog'

export default defineConfig({
  define: {
    __APP_VERSION__: JSON.stringify(pkg.version),
    // Tells two builds of one version apart (the PWA update e2e test builds twice).
    __APP_BUILD__: JSON.stringify(process.env.APP_BUILD_ID ?? 'local'),
  },
  plugins: [
    react(),
    // src/locales/<locale>/<part>.po imports become compiled message modules (one lazy chunk each).
    poCatalogs(),
    // The built app reads English from src/locales/en too, so the English in the code is dropped from the bundle.
    sourceTextStripper(),
    VitePWA({
      // The worker's source is ours (src/sw/sw.ts): the plugin bundles it and injects the precache list.
      // Its update flow is the app's: a new version waits until UpdateToast's Reload posts SKIP_WAITING.
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
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
        // Other apps share into this one (Android, desktop Chromium; iOS has no share target): src/sw/shareTarget.ts.
        share_target: {
          action: '/share-target',
          method: 'POST',
          enctype: 'multipart/form-data',
          params: { title: 'title', text: 'text', url: 'url', files: [{ name: 'files', accept: ['image/*'] }] },
        },
        icons: [
          { src: 'pwa-192x192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'pwa-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'maskable-icon-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        // The shell and every chunk, the lazily loaded QR scanner and its WebAssembly decoder included,
        // so scanning works offline; the icons too (the plugin adds the manifest itself). What the worker
        // does with them (offline shell, no runtime caching, updates) is in src/sw/sw.ts.
        globPatterns: ['**/*.{js,css,html,svg,png,wasm}'],
      },
    }),
  ],
  // Every browser the app supports (it needs WebCrypto Ed25519 or the noble fallback, ES2022) knows
  // <link rel="modulepreload">; older ones only skip the preload hint. The polyfill cost first-screen bytes.
  build: {
    modulePreload: { polyfill: false },
    // Everything the entry imports statically, zod and the protocol schemas included, in one chunk: the lazy gateway
    // client shares those with the first screen, and as a chunk of their own they cost a request and ~0.7 KB gzip more
    // (npm run check:size, chat screen in Japanese: 101.8 -> 101.1 KB on the trust-storage branch).
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'app', tags: ['$initial'] }] } } },
  },
  // app.test: the origin-not-allowed e2e test serves the app under a non-loopback name mapped to 127.0.0.1.
  // The headers a host should send (README, Hosting); `npm start` serves the build with them.
  preview: { port: 4173, strictPort: true, allowedHosts: ['app.test'], headers: hostingHeaders() },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['src/test/setup.ts'],
          // A limit for a hung test, not a speed target: the property tests (150 wasm QR decodes, thousands of
          // parser runs) take 1-3 s on an idle machine and passed vitest's 5 s default only there; at load
          // average 19 on a shared 2-core machine qrDecoder.test.ts took longer and failed.
          testTimeout: 30_000,
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
