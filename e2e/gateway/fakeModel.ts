/**
 * A small OpenAI-compatible model server on loopback that the real gateway is configured to use.
 * Its replies are built from the user's text, so tests know exactly what the agent will say, and it
 * records every user turn it was asked to answer, so tests can check nothing was sent twice.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export type Reply = { chunks: string[]; delayMs?: number }
export type Responder = (userText: string) => Reply

/** One streamed reply as the model sent it, with wall-clock times (Date.now()) of its first and last chunk. */
export type StreamRecord = { userText: string | null; chunkCount: number; firstChunkAtMs: number; lastChunkAtMs: number }

const INTERNAL_CONTEXT = '<<<BEGIN_OPENCLAW_INTERNAL_CONTEXT>>>'

/**
 * Default reply: "Echo: <text>", streamed a word at a time. A text containing "[slow]" streams
 * 80 numbered words 150 ms apart, so a test can act while the reply is still coming.
 */
export function echoReply(userText: string): Reply {
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

type ChatRequest = { stream?: boolean; messages?: Array<{ role?: string; content?: unknown }> }

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
  setResponder(responder: Responder): void
  close(): Promise<void>
}

export async function startFakeModel(): Promise<FakeModel> {
  const received: string[] = []
  const streams: StreamRecord[] = []
  let responder: Responder = echoReply

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
    const userText = extractUserText(request)
    if (userText !== null) received.push(userText)
    const reply = userText === null ? { chunks: ['OK'] } : responder(userText)
    if (!request.stream) {
      res.writeHead(200, { 'content-type': 'application/json' })
      const message = { role: 'assistant', content: reply.chunks.join('') }
      res.end(JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion', created: 0, model: 'fake-model', choices: [{ index: 0, message, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }))
      return
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' })
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
    setResponder: (next) => (responder = next),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
