/**
 * The gateway releases `npm run test:compat` runs the app against: releases users run, oldest first.
 * Each is installed once into the harness cache (harness/install.ts), beside the pinned one.
 */
import { OPENCLAW_VERSION } from './versions'

/** Releases that speak protocol 4: the app must pair, chat, reload and survive a restart on each. */
export const WORKING_RELEASES = ['2026.5.12', '2026.5.28', '2026.6.11', '2026.7.35', '2026.8.2', OPENCLAW_VERSION] as const

/** A protocol-3-only release: the app must say it is too old, which release works, and how to update. */
export const PROTOCOL_3_RELEASE = '2026.4.29'

export const COMPAT_RELEASES = [PROTOCOL_3_RELEASE, ...WORKING_RELEASES] as const
