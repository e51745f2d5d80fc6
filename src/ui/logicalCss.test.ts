/**
 * Right-to-left readiness: the UI's CSS says start and end (margin-inline, padding-inline-start,
 * inset-inline-end, text-align: start), never left and right, so a right-to-left locale (html dir="rtl",
 * set from the locale by i18n/runtime.ts) mirrors the layout with no stylesheet of its own.
 */
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const UI = path.resolve(import.meta.dirname)

/** The four sides of a 1-4 value box shorthand: top, right, bottom, left. */
const sides = (values: string[]) => [values[0], values[1] ?? values[0], values[2] ?? values[0], values[3] ?? values[1] ?? values[0]]
/** The four corners of a border-radius: top-left, top-right, bottom-right, bottom-left. */
const corners = (values: string[]) => [values[0], values[1] ?? values[0], values[2] ?? values[0], values[3] ?? values[1] ?? values[0]]

/** Every declaration that places or aligns something on a physical side. */
function physicalDeclarations(css: string): string[] {
  const found: string[] = []
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, '')
  for (const match of withoutComments.matchAll(/([a-z-]+)\s*:\s*([^;{}]+)/g)) {
    const [declaration, property, rawValue] = match as unknown as [string, string, string]
    const value = rawValue.trim()
    const split = value.split(/\s+(?![^(]*\))/)
    // Safe-area insets are physical on purpose: a notch is on the device's left or right in any language.
    if (value.includes('safe-area-inset')) continue
    const physical =
      /^(margin|padding|border|scroll-margin|scroll-padding)-(left|right)(-|$)/.test(property) ||
      /^border-(top|bottom)-(left|right)-radius$/.test(property) ||
      /^(left|right)$/.test(property) ||
      (/^(text-align|float|clear|caption-side)$/.test(property) && /^(left|right)$/.test(value)) ||
      /translateX\(|translate\(\s*[^,)]+,/.test(value) ||
      (/^(margin|padding|inset|border-width|border-style|border-color|scroll-margin|scroll-padding)$/.test(property) && sides(split)[1] !== sides(split)[3]) ||
      (property === 'border-radius' && !value.includes('/') && (corners(split)[0] !== corners(split)[1] || corners(split)[2] !== corners(split)[3]))
    if (physical) found.push(declaration.trim())
  }
  return found
}

describe('the UI’s CSS is ready for right-to-left', () => {
  it('uses logical properties: no physical left or right in src/ui/**/*.css', async () => {
    const files = (await readdir(UI, { recursive: true })).filter((file) => file.endsWith('.css'))
    expect(files.length).toBeGreaterThan(0)
    const findings: string[] = []
    for (const file of files) {
      for (const declaration of physicalDeclarations(await readFile(path.join(UI, file), 'utf8'))) findings.push(`src/ui/${file}: ${declaration}`)
    }
    expect(findings).toEqual([])
  })
})

describe('physicalDeclarations finds each way CSS names a side', () => {
  it('physical properties, values and asymmetric shorthands', () => {
    expect(physicalDeclarations('.a { margin-left: auto; padding-right: 4px; border-left: 4px solid red; }')).toHaveLength(3)
    expect(physicalDeclarations('.a { position: absolute; right: 0; left: 50%; transform: translateX(-50%); }')).toHaveLength(3)
    expect(physicalDeclarations('.a { text-align: left; float: right; }')).toHaveLength(2)
    expect(physicalDeclarations('.a { margin: 0 8px 0 0; padding: 12px 12px 12px 32px; border-radius: 8px 0 0 8px; }')).toHaveLength(3)
  })

  it('lets through logical properties, symmetric shorthands and the safe-area insets', () => {
    const css = `
      .a { margin-inline-start: auto; padding-inline: 0.8em 0; inset-inline-end: 0; border-inline-start: 4px solid red; }
      .b { text-align: start; margin: 0 auto; padding: 8px 12px; border-radius: 0 0 var(--radius) var(--radius); }
      .c { padding: max(12px, env(safe-area-inset-top)) max(12px, env(safe-area-inset-right)) 0 max(12px, env(safe-area-inset-left)); }
      .d { transform: translateY(-8px); }
      /* left: 0 in a comment */`
    expect(physicalDeclarations(css)).toEqual([])
  })
})
