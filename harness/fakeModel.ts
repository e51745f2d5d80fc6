/**
 * A small OpenAI-compatible model server on loopback that the real gateway is configured to use.
 * Its replies are built from the user's text, so tests know exactly what the agent will say, and it
 * records every user turn it was asked to answer, so tests can check nothing was sent twice.
 */
import { appendFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

/** A tool the model calls instead of answering (OpenAI-style `tool_calls` in the stream). */
export type ToolCall = { name: string; arguments: Record<string, unknown> }
export type Reply = { chunks: string[]; delayMs?: number; toolCall?: ToolCall }
export type Responder = (userText: string) => Reply
/** Answers the turn after a tool ran, from the tool's result text. */
export type ToolResultResponder = (toolText: string) => Reply

/** One streamed reply as the model sent it, with wall-clock times (Date.now()) of its first and last chunk. */
export type StreamRecord = { userText: string | null; chunkCount: number; firstChunkAtMs: number; lastChunkAtMs: number }

const INTERNAL_CONTEXT = '<<<BEGIN_OPENCLAW_INTERNAL_CONTEXT>>>'

/**
 * Default reply: "Echo: <text>", streamed a word at a time. A text containing "[slow]" streams
 * 80 numbered words 150 ms apart, so a test can act while the reply is still coming. A text
 * containing "[exec: <command>]" makes the model call the gateway's `exec` tool with that command, and
 * "[ask: <question>|<option>|<option>]" its `ask_user` tool with one single-select question.
 */
export function echoReply(userText: string): Reply {
  const exec = userText.match(/\[exec: ([^\]]+)\]/)?.[1]
  if (exec) return { chunks: [], toolCall: { name: 'exec', arguments: { command: exec } } }
  const ask = userText.match(/\[ask: ([^\]]+)\]/)?.[1]
  if (ask) {
    const [question = '', ...labels] = ask.split('|').map((part) => part.trim())
    const options = labels.map((label) => ({ label }))
    // NOTE: ask_user is a deferred-schema tool on 2026.9.6 ("Tool ask_user not found" when called by
    // name): models reach it through the `tool_call` dispatcher, { id: <tool name>, args }.
    const args = { questions: [{ id: 'choice', header: 'Choice', question, options }] }
    return { chunks: [], toolCall: { name: 'tool_call', arguments: { id: 'ask_user', args } } }
  }
  if (userText.includes('[slow]')) {
    const words = Array.from({ length: 80 }, (_, index) => `w${index + 1} `)
    return { chunks: [`Echo: ${userText} `, ...words], delayMs: 150 }
  }
  const words = `Echo: ${userText}`.split(/(?<= )/)
  return { chunks: words }
}

/**
 * A reply of `count` chunks ("t1 ", "t2 ", …) sent with no delay, the last one being `lastChunk`:
 * the streaming benchmark (scripts/bench) waits for `lastChunk` on screen.
 */
export function burstReply(count: number, lastChunk: string): Reply {
  const chunks = Array.from({ length: count - 1 }, (_, index) => `t${index + 1} `)
  return { chunks: [...chunks, lastChunk] }
}

/** Default answer after a tool ran: "Tool result: <its text on one line>". */
export function toolResultReply(toolText: string): Reply {
  return { chunks: [`Tool result: ${toolText.replace(/\s+/g, ' ').trim().slice(0, 400)}`] }
}

type ChatMessage = { role?: string; content?: unknown; tool_calls?: unknown }
type ChatRequest = { stream?: boolean; messages?: ChatMessage[] }

function contentText(content: unknown): string {
  if (typeof content === 'string') return content
  if (Array.isArray(content)) {
    return content.map((part) => (part && typeof part === 'object' && 'text' in part ? String(part.text) : '')).join('')
  }
  return ''
}

/**
 * The gateway wraps the user's turn as "[date] <text>\n\nRuntime: …" (with a "Conversation info:
 * ```json {…} ```" block before the text for some clients) and appends a separate internal-context
 * user message. The text is what remains of the last real user turn without those wrappers.
 */
export function extractUserText(request: ChatRequest): string | null {
  const userTurns = (request.messages ?? []).filter((message) => message.role === 'user').map((message) => contentText(message.content))
  const real = userTurns.filter((text) => !text.trimStart().startsWith(INTERNAL_CONTEXT))
  const last = real.at(-1)
  if (last === undefined) return null
  const info = last.indexOf('```json')
  const infoEnd = info >= 0 ? last.indexOf('```\n\n', info + 7) : -1
  const body = infoEnd >= 0 ? last.slice(infoEnd + 5) : last.replace(/^\[[^\]\n]*\] /, '')
  return body.replace(/\n\nRuntime: [^\n]*$/, '').trim()
}

/**
 * The tool's result when this request is the turn after a tool call, else null. NOTE: the gateway
 * appends an internal-context user message after the tool result; that message is not a user turn,
 * so the request still belongs to the tool.
 */
export function toolResultText(request: ChatRequest): string | null {
  const messages = (request.messages ?? []).filter(
    (message) => !(message.role === 'user' && contentText(message.content).trimStart().startsWith(INTERNAL_CONTEXT)),
  )
  const last = messages.at(-1)
  return last?.role === 'tool' ? contentText(last.content) : null
}

function toolCallFrames(call: ToolCall): string[] {
  const frame = (delta: unknown, finish: string | null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 0, model: 'fake-model', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`
  const id = `call_${Math.random().toString(36).slice(2, 10)}`
  return [
    frame({ role: 'assistant', tool_calls: [{ index: 0, id, type: 'function', function: { name: call.name, arguments: '' } }] }, null),
    frame({ tool_calls: [{ index: 0, function: { arguments: JSON.stringify(call.arguments) } }] }, null),
    frame({}, 'tool_calls'),
  ]
}

function chunkFrame(content: string | null, finish: string | null): string {
  const delta = content === null ? {} : { role: 'assistant', content }
  const body = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 0, model: 'fake-model', choices: [{ index: 0, delta, finish_reason: finish }] }
  return `data: ${JSON.stringify(body)}\n\n`
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export type FakeModel = {
  baseUrl: string
  /** Every user text the model was asked to answer, in arrival order. */
  received: string[]
  /** Every streamed reply, in the order they finished (the benchmark reads the last chunk's time). */
  streams: StreamRecord[]
  /** Every tool result the model was shown, in arrival order. */
  toolResults: string[]
  setResponder(responder: Responder): void
  setToolResultResponder(responder: ToolResultResponder): void
  close(): Promise<void>
}

export async function startFakeModel(): Promise<FakeModel> {
  const received: string[] = []
  const streams: StreamRecord[] = []
  const toolResults: string[] = []
  let responder: Responder = echoReply
  let toolResponder: ToolResultResponder = toolResultReply
  // Debugging aid: FAKE_MODEL_LOG=<file> appends every request's messages as one JSON line.
  const logFile = process.env.FAKE_MODEL_LOG

  const server = http.createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => void respond(req, res, body))
  })

  async function respond(req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<void> {
    if (req.method === 'GET' && req.url?.endsWith('/models')) {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'fake-model', object: 'model', owned_by: 'test' }] }))
      return
    }
    let request: ChatRequest
    try {
      request = JSON.parse(body) as ChatRequest
    } catch {
      res.writeHead(400).end()
      return
    }
    if (logFile) appendFileSync(logFile, `${JSON.stringify(request.messages ?? [])}\n`)
    const toolText = toolResultText(request)
    const userText = toolText === null ? extractUserText(request) : null
    if (toolText !== null) toolResults.push(toolText)
    if (userText !== null) received.push(userText)
    const reply = toolText !== null ? toolResponder(toolText) : userText === null ? { chunks: ['OK'] } : responder(userText)
    if (!request.stream) {
      res.writeHead(200, { 'content-type': 'application/json' })
      const call = reply.toolCall
      const message = call
        ? {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'call_fake', type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments) } }],
          }
        : { role: 'assistant', content: reply.chunks.join('') }
      res.end(
        JSON.stringify({
          id: 'chatcmpl-fake',
          object: 'chat.completion',
          created: 0,
          model: 'fake-model',
          choices: [{ index: 0, message, finish_reason: call ? 'tool_calls' : 'stop' }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }),
      )
      return
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' })
    if (reply.toolCall) {
      for (const frame of toolCallFrames(reply.toolCall)) res.write(frame)
      res.end('data: [DONE]\n\n')
      return
    }
    const record: StreamRecord = { userText, chunkCount: 0, firstChunkAtMs: 0, lastChunkAtMs: 0 }
    for (const chunk of reply.chunks) {
      if (res.destroyed) return
      res.write(chunkFrame(chunk, null))
      record.lastChunkAtMs = Date.now()
      record.firstChunkAtMs ||= record.lastChunkAtMs
      record.chunkCount++
      if (reply.delayMs) await sleep(reply.delayMs)
    }
    streams.push(record)
    res.write(chunkFrame(null, 'stop'))
    res.end('data: [DONE]\n\n')
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    received,
    streams,
    toolResults,
    setResponder: (next) => (responder = next),
    setToolResultResponder: (next) => (toolResponder = next),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
