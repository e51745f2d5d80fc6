/**
 * Launching Debian's Chromium the way this machine allows: Playwright cannot download a browser
 * here, and without the background-networking flags Chromium keeps dialling out to a closed network.
 */
import { existsSync } from 'node:fs'
import { chromium, type Browser, type LaunchOptions } from '@playwright/test'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path))

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export const launchOptions = (extraArgs: string[] = []): LaunchOptions => ({
  executablePath: CHROMIUM_PATH,
  args: [...CHROMIUM_ARGS, ...extraArgs],
})

/** A browser whose camera plays the given Y4M file (the fake device picks the file at launch). */
export function launchWithFakeCamera(videoFile: string, extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch(
    launchOptions(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${videoFile}`, ...extraArgs]),
  )
}
