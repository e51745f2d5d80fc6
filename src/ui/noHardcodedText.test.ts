import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { findHardcodedText } from '../test/hardcodedText'

const UI = path.resolve(import.meta.dirname)

describe('no hard-coded English in the UI', () => {
  it('every text a component shows goes through defineMessages (or is marked translate="no")', async () => {
    const files = (await readdir(UI, { recursive: true })).filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file) && !file.includes('testing/'))
    const findings: string[] = []
    for (const file of files) {
      for (const finding of findHardcodedText(await readFile(path.join(UI, file), 'utf8'), file)) {
        findings.push(`src/ui/${file}:${finding.line} ${finding.why}: ${JSON.stringify(finding.text)}`)
      }
    }
    expect(findings).toEqual([])
  })
})

describe('findHardcodedText catches each way English gets on screen', () => {
  const found = (code: string) => findHardcodedText(code).map((finding) => finding.text)

  it('JSX text, text attributes, and strings a JSX expression shows', () => {
    expect(found('const a = <p>Hello there</p>')).toEqual(['Hello there'])
    expect(found('const a = <button aria-label="Close dialog" />')).toEqual(['Close dialog'])
    expect(found("const a = <input placeholder={x ? 'Search' : 'Type'} />")).toEqual(['Search', 'Type'])
    expect(found("const a = <p>{isOn ? 'On' : 'Off'}</p>")).toEqual(['On', 'Off'])
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the code under test holds a template literal.
    expect(found('const a = <p>{`Hello ${name}`}</p>')).toEqual(['Hello'])
    expect(found("const a = <img alt={name ?? 'Picture'} />")).toEqual(['Picture'])
  })

  it('sentences anywhere in code, such as an error set into state', () => {
    expect(found("setError('That file could not be attached.')")).toEqual(['That file could not be attached.'])
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the code under test holds a template literal.
    expect(found('throw new Error(`Attachments would total ${size}.`)')).toEqual(['Attachments would total'])
  })

  it('lets through translated text, commands marked translate="no", and code that is not text', () => {
    expect(found("const TEXT = defineMessages('shell.x', { hello: 'Hello there, friend' })")).toEqual([])
    expect(found("const a = <p>{t('hello')}</p>")).toEqual([])
    expect(found('const a = <code translate="no">openclaw qr</code>')).toEqual([])
    expect(found('const a = <p translate="no"><code>openclaw devices approve</code></p>')).toEqual([])
    expect(found('const a = <p className="muted status">{" "}·{label}</p>')).toEqual([])
    expect(found("const kind = phase === 'needs-user' ? 'problem' : 'ok'")).toEqual([])
  })
})
