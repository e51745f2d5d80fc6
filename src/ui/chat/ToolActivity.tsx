import { useEffect, useMemo, useState } from 'react'
import type { ChatItem, SessionControls, ToolRow, ToolStatus } from '../../store'
import { defineMessages, formatNumber } from '../../i18n'
import { actions, useApp } from '../useApp'
import { useText } from '../useText'

const TEXT = defineMessages('sessions.tools', {
  activity: 'Tool activity',
  running: 'Running…',
  done: 'Done',
  failed: 'Failed',
  seconds: '{seconds} s',
  input: 'Input',
  output: 'Output',
  noOutput: 'No output.',
  showAll: 'Show all {count} lines',
})

/** Output longer than this many lines shows its start until the reader asks for the rest. */
const COLLAPSED_LINES = 12

let loaded: SessionControls | null = null
/** The session controls once their chunk is here (the transcript renders before it is). */
function useControls(): SessionControls | null {
  const [controls, setControls] = useState(loaded)
  useEffect(() => {
    if (controls) return
    let live = true
    void actions()
      .sessionControls()
      .then((found) => {
        loaded = found
        if (live) setControls(found)
      })
    return () => {
      live = false
    }
  }, [controls])
  return controls
}

const STATUS_MARK: Record<ToolStatus, string> = { running: '…', done: '✓', failed: '✕' }

function ToolOutput({ text }: { text: string }) {
  const t = useText(TEXT)
  const lines = text.split('\n')
  const [whole, setWhole] = useState(false)
  const shown = whole || lines.length <= COLLAPSED_LINES ? text : lines.slice(0, COLLAPSED_LINES).join('\n')
  return (
    <>
      <pre translate="no">{shown}</pre>
      {shown !== text && (
        <button type="button" className="quiet" onClick={() => setWhole(true)}>
          {t('showAll', { count: lines.length })}
        </button>
      )}
    </>
  )
}

/** One call: a summary line (name, status, duration, the input's first line) that opens on its input and output. */
function ToolCall({ row }: { row: ToolRow }) {
  const t = useText(TEXT)
  const firstLine = row.input.split('\n')[0] ?? ''
  return (
    <li className={`tool-row tool-${row.status}`}>
      <details>
        <summary>
          <span className="tool-mark" aria-hidden="true">
            {STATUS_MARK[row.status]}
          </span>
          <span className="tool-name" translate="no">
            {row.name}
          </span>
          <span className="tool-status">{t(row.status)}</span>
          {row.durationMs !== undefined && (
            <span className="tool-duration">{t('seconds', { seconds: formatNumber(Math.round(row.durationMs / 100) / 10) })}</span>
          )}
          {firstLine && (
            <span className="tool-preview" translate="no">
              {firstLine}
            </span>
          )}
        </summary>
        <dl className="tool-body">
          {row.input && (
            <>
              <dt>{t('input')}</dt>
              <dd>
                <pre translate="no">{row.input}</pre>
              </dd>
            </>
          )}
          <dt>{t('output')}</dt>
          <dd>{row.output ? <ToolOutput text={row.output} /> : <p className="muted">{t('noOutput')}</p>}</dd>
        </dl>
      </details>
    </li>
  )
}

/** The tool calls a reply made, above it: compact rows, each opening on its input and output. */
export function ToolActivity({ gatewayId, item }: { gatewayId: string; item: Extract<ChatItem, { kind: 'reply' }> }) {
  const t = useText(TEXT)
  const controls = useControls()
  // Re-read when a live row changes or a newer history page arrives.
  const live = useApp((s) => (item.runId ? s.toolRuns?.[gatewayId]?.[item.runId] : undefined))
  const history = useApp((s) => s.chats[gatewayId]?.history)
  useEffect(() => controls?.watchTools(gatewayId), [controls, gatewayId])
  // biome-ignore lint/correctness/useExhaustiveDependencies: live and history are what the rows are read from (through the controls).
  const rows = useMemo(() => controls?.toolRows(gatewayId, item) ?? [], [controls, gatewayId, item, live, history])
  if (rows.length === 0) return null
  return (
    <ul className="tool-rows" aria-label={t('activity')}>
      {rows.map((row) => (
        <ToolCall key={row.id} row={row} />
      ))}
    </ul>
  )
}
