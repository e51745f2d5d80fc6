/**
 * The catalog loaders of the parts no first screen shows (problems, errors, node, pwa, approvals, the gateway
 * list): a chunk of their own, fetched with the first of those screens. Each loader names a hashed chunk per
 * locale, and 36 of them in the entry cost ~0.45 KB gzip on every first screen (npm run check:size).
 */
import type { Catalog } from './runtime'

export const laterCatalogs = import.meta.glob<{ default: Catalog }>([
  '../locales/*/*.po',
  '!../locales/*/shell.po',
  '!../locales/*/onboarding.po',
  '!../locales/*/chat.po',
])
