// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { applyToolEvent, inputPreview, outputPreview, PREVIEW_CHARS, toolRowsFromHistory, type ToolRow } from './toolActivity'

/** What the gateway (2026.9.6) sent for `[exec: echo hello-probe]`, trimmed to the fields read. */
const event = (phase: string, data: Record<string, unknown>, ts: number) => ({
  runId: 'k1',
  stream: 'tool',
  sessionKey: 'agent:main:dashboard:1',
  ts,
  data: { phase, name: 'exec', toolCallId: 'call_1', ...data },
})

describe('previews, never raw JSON', () => {
  it('shows a command as it is, other arguments as key: value lines, deeper values by size', () => {
    expect(inputPreview({ command: 'echo hi', timeout: 5 })).toBe('echo hi')
    expect(inputPreview({ path: 'notes.md', limit: 20, deep: { a: 1 }, list: [1, 2, 3], on: true })).toBe(
      'path: notes.md\nlimit: 20\ndeep: {…}\nlist: [3]\non: true',
    )
    expect(inputPreview(null)).toBe('')
    expect(inputPreview('x'.repeat(PREVIEW_CHARS + 10))).toHaveLength(PREVIEW_CHARS + 1)
  })

  it('reads a result’s text blocks and its duration; junk reads as no output', () => {
    expect(outputPreview({ content: [{ type: 'text', text: 'hello\n' }, { type: 'image' }], details: { durationMs: 981 } })).toEqual({
      text: 'hello',
      durationMs: 981,
    })
    expect(outputPreview({ content: 'not blocks' })).toEqual({ text: '' })
    expect(outputPreview(42)).toEqual({ text: '' })
  })
})

describe('session.tool events', () => {
  it('start, update and result make one row that ends done with its output and duration', () => {
    let rows: ToolRow[] = []
    rows = applyToolEvent(rows, event('start', { args: { command: 'echo hello-probe' } }, 1000))
    expect(rows).toEqual([{ id: 'call_1', name: 'exec', status: 'running', input: 'echo hello-probe', output: '', startedAt: 1000 }])
    rows = applyToolEvent(rows, event('update', { partialResult: { content: [{ type: 'text', text: 'hello-probe\n' }] } }, 1500))
    expect(rows[0]).toMatchObject({ status: 'running', output: 'hello-probe' })
    rows = applyToolEvent(
      rows,
      event('result', { isError: false, result: { content: [{ type: 'text', text: 'hello-probe' }], details: { durationMs: 981 } } }, 2000),
    )
    expect(rows).toEqual([{ id: 'call_1', name: 'exec', status: 'done', input: 'echo hello-probe', output: 'hello-probe', startedAt: 1000, durationMs: 981 }])
  })

  it('a failed call is failed; without a reported duration the events’ times measure it; unknown phases change nothing', () => {
    let rows = applyToolEvent([], event('start', { args: {} }, 1000))
    rows = applyToolEvent(rows, event('result', { isError: true, result: { content: [{ type: 'text', text: 'boom' }] } }, 1400))
    expect(rows[0]).toMatchObject({ status: 'failed', output: 'boom', durationMs: 400 })
    expect(applyToolEvent(rows, event('mystery', {}, 1500))).toEqual(rows)
  })
})

describe('tool rows from a history page', () => {
  const page = {
    messages: [
      { role: 'user', content: 'please run', __openclaw: { id: 'u1' } },
      {
        role: 'assistant',
        content: [
          { type: 'toolCall', id: 'call_1', name: 'exec', arguments: { command: 'echo hello-probe' } },
          { type: 'text', text: '' },
        ],
        timestamp: 1_000,
        __openclaw: { id: 'a1', runId: 'k1' },
      },
      { role: 'toolResult', toolCallId: 'call_1', toolName: 'exec', content: [{ type: 'text', text: 'hello-probe' }], isError: false, timestamp: 3_050 },
      { role: 'toolResult', toolCallId: 'unknown-call', content: 'orphan' },
      { role: 'assistant', content: [{ type: 'toolCall', name: 'no id' }], __openclaw: { id: 'a2' } },
      { role: 'assistant', content: [{ type: 'text', text: 'Tool result: hello-probe' }], __openclaw: { id: 'a3', runId: 'k1' } },
      'junk',
    ],
  }

  it('puts each call on the message that made it, with the result that answered it', () => {
    const rows = toolRowsFromHistory(page)
    expect([...rows.keys()]).toEqual(['a1'])
    expect(rows.get('a1')).toEqual([
      { id: 'call_1', name: 'exec', status: 'done', input: 'echo hello-probe', output: 'hello-probe', startedAt: 1_000, durationMs: 2_050 },
    ])
  })

  it('a call with no result yet is running; a page that is not a page has no rows', () => {
    const running = toolRowsFromHistory({ messages: page.messages.slice(0, 2) })
    expect(running.get('a1')?.[0]).toMatchObject({ status: 'running', output: '' })
    expect(toolRowsFromHistory(null).size).toBe(0)
    expect(toolRowsFromHistory({ messages: 'x' }).size).toBe(0)
  })
})
