/**
 * Prints the compat suite's result as the Markdown table the README shows: one row per release, one
 * column per step, ✓ for a step that passed, ✗ for the one that failed, – for steps after it.
 */
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter'

const STEPS = ['pair by camera', 'chat', 'reload', 'gateway restart', 'chat again'] as const

export default class CompatReporter implements Reporter {
  private rows: string[] = []

  onTestEnd(test: TestCase, result: TestResult): void {
    const release = /openclaw (\d[\d.]*\d)/.exec(test.title)?.[1] ?? test.title
    const done = new Set(result.annotations.filter((note) => note.type === 'step').map((note) => note.description))
    if (test.title.includes('protocol 3')) {
      this.rows.push(`| ${release} | ${result.status === 'passed' ? '✓ “too old” screen, names the minimum release and `openclaw update`' : '✗'} | | | | |`)
      return
    }
    let failed = false
    const cells = STEPS.map((step) => {
      if (done.has(step)) return '✓'
      if (failed) return '–'
      failed = true
      return '✗'
    })
    this.rows.push(`| ${release} | ${cells.join(' | ')} |`)
  }

  onEnd(): void {
    console.log(['', `| Gateway | ${STEPS.join(' | ')} |`, `| --- | ${STEPS.map(() => ':-:').join(' | ')} |`, ...this.rows, ''].join('\n'))
  }
}
