/**
 * Draws the app icon once, as SVG, and renders the PNGs the manifest and iOS need at their exact
 * sizes with the same Chromium the e2e tests use. Run after changing the artwork, then commit the
 * results in public/:
 *
 *   npx tsx scripts/makeIcons.ts
 *
 * The artwork: a chat bubble holding an open claw, on OpenClaw teal.
 *  - "any" icons keep transparent rounded corners;
 *  - the maskable icon and the Apple touch icon are full-bleed squares (the platform cuts the
 *    shape) with the artwork inside the 80 % safe circle.
 */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from '@playwright/test'
import { launchOptions } from '../harness/browser'

const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'public')

const TEAL_LIGHT = '#14b8a6'
const TEAL_DARK = '#0f766e'
const CLAW = '#0f766e'
const WRIST = '#0d9488'

type Shape = 'rounded' | 'square'
type Point = [number, number]

/**
 * A finger of the claw: an outer arc from its root to its tip, then a flatter inner arc back to a
 * second root point, so it is thick at the root and pointed at the tip.
 */
function finger(outerRoot: Point, tip: Point, innerRoot: Point, outer: number, inner: number, sweep: 0 | 1): string {
  return `M${outerRoot.join(' ')}A${outer} ${outer} 0 0 ${sweep} ${tip.join(' ')}A${inner} ${inner} 0 0 ${1 - sweep} ${innerRoot.join(' ')}z`
}

/** The bubble and the claw, drawn on a 512 grid around the centre, scaled by `scale`. */
function artwork(scale: number): string {
  const bubble = 'M136 112h240a72 72 0 0 1 72 72v120a72 72 0 0 1-72 72H222l-78 62a10 10 0 0 1-16-9l8-53a72 72 0 0 1-72-72V184a72 72 0 0 1 72-72z'
  // A claw opening to the right, drawn around the hinge at (0, 0): two fingers (the upper one
  // longer, as on a lobster), the palm over their roots, and the wrist behind it.
  const upperFinger = finger([-14, -64], [148, -34], [22, -6], 160, 96, 1)
  const lowerFinger = finger([-14, 64], [128, 38], [22, 6], 150, 88, 0)
  const palm = 'M-28 0m-78 0a78 66 0 1 0 156 0a78 66 0 1 0-156 0'
  const wrist = 'M-92-26h-36a24 24 0 0 0-24 24v4a24 24 0 0 0 24 24h36z'
  const offset = 256 * (1 - scale)
  return `<g transform="translate(${offset} ${offset}) scale(${scale})">
  <path d="${bubble}" fill="#ffffff"/>
  <g transform="translate(262 248) rotate(-20)">
    <path d="${wrist}" fill="${WRIST}"/>
    <path d="${upperFinger}" fill="${CLAW}"/>
    <path d="${lowerFinger}" fill="${CLAW}"/>
    <path d="${palm}" fill="${CLAW}"/>
  </g>
</g>`
}

function iconSvg(shape: Shape, scale: number, size?: number): string {
  const dimensions = size ? ` width="${size}" height="${size}"` : ''
  const radius = shape === 'rounded' ? 112 : 0
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"${dimensions}>
<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${TEAL_LIGHT}"/><stop offset="1" stop-color="${TEAL_DARK}"/></linearGradient></defs>
<rect width="512" height="512" rx="${radius}" fill="url(#bg)"/>
${artwork(scale)}
</svg>
`
}

const PNGS: Array<{ file: string; size: number; shape: Shape; scale: number }> = [
  { file: 'pwa-192x192.png', size: 192, shape: 'rounded', scale: 1 },
  { file: 'pwa-512x512.png', size: 512, shape: 'rounded', scale: 1 },
  // Maskable: everything that matters inside the central circle of radius 0.4 × size.
  { file: 'maskable-icon-512x512.png', size: 512, shape: 'square', scale: 0.78 },
  { file: 'apple-touch-icon-180x180.png', size: 180, shape: 'square', scale: 0.9 },
]

async function main(): Promise<void> {
  await writeFile(path.join(PUBLIC_DIR, 'favicon.svg'), iconSvg('rounded', 1))
  const browser = await chromium.launch(launchOptions())
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 })
    for (const { file, size, shape, scale } of PNGS) {
      await page.setViewportSize({ width: size, height: size })
      await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${iconSvg(shape, scale, size)}</body></html>`)
      await page.locator('svg').screenshot({ path: path.join(PUBLIC_DIR, file), omitBackground: true })
      console.log(`public/${file} (${size}×${size})`)
    }
  } finally {
    await browser.close()
  }
}

await main()
