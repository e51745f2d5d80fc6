/**
 * The agent's tool calls, as the transcript shows them: one row per call (name, status, duration,
 * a short preview of what went in and came out), grouped by the run that made them. Live rows come
 * from `session.tool` events (the gateway sends them to clients that subscribed to sessions, which
 * the session list does); finished runs from the tool calls and results in the newest history page
 * the chat link holds. Part of the session controls' chunk: the first screen carries none of it.
 */
import type { GatewayClient } from '../gateway'
import { SessionToolEvent, ToolCallBlock, ToolHistoryMessage, ToolResultBody } from '../gateway/sessions'
import type { StoreAccess } from './feature'

export type ToolStatus = 'running' | 'done' | 'failed'
/** `input` and `output` are previews, cut to a few lines; never the raw JSON of the call. */
export type ToolRow = { id: string; name: string; status: ToolStatus; input: string; output: string; durationMs?: number; startedAt?: number }

/** Enough of a tool's input or output to recognise it; the rest stays on the gateway. */
export const PREVIEW_CHARS = 2_000
const VALUE_CHARS = 160

const cut = (text: string, limit = PREVIEW_CHARS) => (text.length > limit ? `${text.slice(0, limit)}…` : text)

/**
 * A call's arguments for people: a command or a path as it is, else `key: value` lines with
 * strings and numbers as they are and anything deeper summarised by its size.
 */
export function inputPreview(args: unknown): string {
  if (typeof args === 'string') return cut(args)
  if (!args || typeof args !== 'object' || Array.isArray(args)) return ''
  const fields = Object.entries(args as Record<string, unknown>)
  const command = fields.find(([key, value]) => (key === 'command' || key === 'cmd') && typeof value === 'string')
  if (command) return cut(command[1] as string)
  const shown = fields.map(([key, value]) => {
    if (typeof value === 'string') return `${key}: ${cut(value, VALUE_CHARS)}`
    if (typeof value === 'number' || typeof value === 'boolean' || value === null) return `${key}: ${String(value)}`
    return `${key}: ${Array.isArray(value) ? `[${value.length}]` : '{…}'}`
  })
  return cut(shown.join('\n'))
}

/** A result's text blocks, joined; a result without text says nothing. */
export function outputPreview(result: unknown): { text: string; durationMs?: number } {
  if (typeof result === 'string') return { text: cut(result) }
  const body = ToolResultBody.safeParse(result)
  if (!body.success) return { text: '' }
  const text = (body.data.content ?? []).flatMap((block) => (block.type === 'text' && block.text ? [block.text] : [])).join('\n')
  const durationMs = body.data.details?.durationMs ?? undefined
  return { text: cut(text.trim()), ...(durationMs !== undefined ? { durationMs } : {}) }
}

const contentText = (content: unknown) => (typeof content === 'string' ? content : outputPreview({ content }).text)

/**
 * Rows from one raw `chat.history` page, by the id of the assistant message that made the calls
 * (the transcript's item for it): each call with the result that answered it.
 */
export function toolRowsFromHistory(page: unknown): Map<string, ToolRow[]> {
  const runs = new Map<string, ToolRow[]>()
  const byCall = new Map<string, ToolRow>()
  const messages =
    page && typeof page === 'object' && Array.isArray((page as { messages?: unknown }).messages) ? (page as { messages: unknown[] }).messages : []
  for (const raw of messages) {
    const parsed = ToolHistoryMessage.safeParse(raw)
    if (!parsed.success) continue
    const message = parsed.data
    const messageId = message.__openclaw?.id
    if (message.role === 'assistant' && messageId && Array.isArray(message.content)) {
      for (const block of message.content) {
        const call = ToolCallBlock.safeParse(block)
        if (!call.success || call.data.type !== 'toolCall') continue
        const row: ToolRow = {
          id: call.data.id,
          name: call.data.name,
          status: 'running',
          input: inputPreview(call.data.arguments),
          output: '',
          ...(message.timestamp ? { startedAt: message.timestamp } : {}),
        }
        byCall.set(row.id, row)
        runs.set(messageId, [...(runs.get(messageId) ?? []), row])
      }
    } else if (message.role === 'toolResult' && message.toolCallId) {
      const row = byCall.get(message.toolCallId)
      if (!row) continue
      row.status = message.isError ? 'failed' : 'done'
      row.output = cut(contentText(message.content).trim())
      if (row.startedAt && message.timestamp) row.durationMs = Math.max(0, message.timestamp - row.startedAt)
    }
  }
  return runs
}

/** One `session.tool` event applied to the run's rows (a new call, its progress, its result). */
export function applyToolEvent(rows: readonly ToolRow[], event: SessionToolEvent): ToolRow[] {
  const { data, ts } = event
  const existing = rows.find((row) => row.id === data.toolCallId)
  const base: ToolRow = existing ?? { id: data.toolCallId, name: data.name, status: 'running', input: '', output: '', ...(ts ? { startedAt: ts } : {}) }
  let next: ToolRow = base
  if (data.phase === 'start') next = { ...base, name: data.name || base.name, input: inputPreview(data.args) }
  else if (data.phase === 'update') next = { ...base, output: outputPreview(data.partialResult).text || base.output }
  else if (data.phase === 'result') {
    const { text, durationMs } = outputPreview(data.result)
    const measured = ts && base.startedAt ? ts - base.startedAt : undefined
    next = {
      ...base,
      status: data.isError ? 'failed' : 'done',
      output: text,
      ...((durationMs ?? measured) !== undefined ? { durationMs: durationMs ?? measured } : {}),
    }
  } else return [...rows]
  return existing ? rows.map((row) => (row === existing ? next : row)) : [...rows, next]
}

export type ToolActivityDeps = Pick<StoreAccess, 'get' | 'set'> & { connectedClient(gatewayId: string): GatewayClient | undefined }

/** Listens to each gateway's `session.tool` events (once per client) and keeps the live rows in `toolRuns`. */
export function createToolActivity({ get, set, connectedClient }: ToolActivityDeps) {
  const watched = new WeakSet<GatewayClient>()
  return {
    watch(gatewayId: string) {
      const client = connectedClient(gatewayId)
      if (!client || watched.has(client)) return
      watched.add(client)
      client.onEvent((frame) => {
        if (frame.event !== 'session.tool') return
        const parsed = SessionToolEvent.safeParse(frame.payload)
        if (!parsed.success || !parsed.data.runId) return
        const runId = parsed.data.runId
        const runs = get().toolRuns?.[gatewayId] ?? {}
        set({ toolRuns: { ...get().toolRuns, [gatewayId]: { ...runs, [runId]: applyToolEvent(runs[runId] ?? [], parsed.data) } } })
      })
    },
  }
}
