/**
 * Runs the gateway's `node.invoke.request`s through the command handlers and always answers, in
 * time: an unknown command, a command switched off on this device, bad params, a browser that
 * throws or a handler that never settles each end in a documented error before the invocation's
 * `timeoutMs` runs out — never in silence, which would leave the agent waiting.
 */
import { CONSENT_ERRORS } from './consentPolicy'
import type { CommandHandler } from './handler'
import type { NodeCommand } from './nodeCommands'
import { NodeCommandError, NodeErrorCode } from './nodeErrors'
import type { InvokeError, InvokeOutcome, NodeInvokeRequest } from './nodeProtocol'
import { defaultTimers, type TimerId, type Timers } from '../timers'

/** When the gateway sends no `timeoutMs` (it always does in 2026.9.6): the CLI's default. */
export const DEFAULT_INVOKE_TIMEOUT_MS = 15_000
/** The answer must reach the gateway before its deadline: answer this much earlier. */
export const ANSWER_MARGIN_MS = 500

/** What a switched-off command answers: the per-feature codes the docs name, else UNAVAILABLE. */
const SWITCHED_OFF: Record<NodeCommand, InvokeError> = {
  'location.get': CONSENT_ERRORS.locationOff,
  'camera.list': { code: NodeErrorCode.CameraDisabled, message: 'enable Camera in the companion app' },
  'camera.snap': CONSENT_ERRORS.cameraOff,
  'device.info': { code: NodeErrorCode.Unavailable, message: 'device.info is switched off in the companion app' },
  'device.status': { code: NodeErrorCode.Unavailable, message: 'device.status is switched off in the companion app' },
  'system.notify': { code: NodeErrorCode.Unavailable, message: 'notifications are switched off in the companion app' },
}

export type InvocationStart = { id: string; command: string; startedAtMs: number }
export type InvocationEnd = InvocationStart & { finishedAtMs: number; outcome: InvokeOutcome }

export type DispatcherOptions = {
  handlers: Partial<Record<string, CommandHandler>>
  /** Read on every invocation, so a switch flipped a moment ago counts. */
  isEnabled(command: string): boolean
  /** Then this: a reason not to run a switched-on command now (the app is hidden, the node link is not this tab's). */
  refuse?(command: string): InvokeError | null
  timers?: Timers
  onStart?(start: InvocationStart): void
  onEnd?(end: InvocationEnd): void
}

export class InvokeDispatcher {
  private readonly running = new Map<string, AbortController>()
  private readonly timers: Timers

  constructor(private readonly options: DispatcherOptions) {
    this.timers = options.timers ?? defaultTimers
  }

  /** Resolves (never rejects) with the answer to send, within the invocation's time. */
  async handle(request: NodeInvokeRequest): Promise<InvokeOutcome> {
    const startedAtMs = this.timers.now()
    const start = { id: request.id, command: request.command, startedAtMs }
    this.options.onStart?.(start)
    const outcome = await this.run(request, startedAtMs)
    this.options.onEnd?.({ ...start, finishedAtMs: this.timers.now(), outcome })
    return outcome
  }

  /** The gateway gave up on this invocation: abort its work (its answer is no longer awaited). */
  cancel(invokeId: string): void {
    this.running.get(invokeId)?.abort(new NodeCommandError(NodeErrorCode.Unavailable, 'cancelled by the gateway'))
  }

  /** Aborts everything under way (the connection closed: no answer can be delivered anyway). */
  cancelAll(): void {
    for (const id of [...this.running.keys()]) this.cancel(id)
  }

  private async run(request: NodeInvokeRequest, startedAtMs: number): Promise<InvokeOutcome> {
    const { command } = request
    const handler = this.options.handlers[command]
    if (!handler) return failure(NodeErrorCode.Unavailable, 'command not supported')
    if (!this.options.isEnabled(command)) {
      const off = SWITCHED_OFF[command as NodeCommand] ?? { code: NodeErrorCode.Unavailable, message: `${command} is switched off in the companion app` }
      return { ok: false, error: off }
    }
    const refused = this.options.refuse?.(command)
    if (refused) return { ok: false, error: refused }
    let params: Record<string, unknown>
    try {
      params = parseParamsJson(request.paramsJSON)
    } catch (error) {
      return failure(NodeErrorCode.InvalidRequest, error instanceof Error ? error.message : 'invalid params')
    }
    const timeoutMs = request.timeoutMs ?? DEFAULT_INVOKE_TIMEOUT_MS
    const answerAtMs = startedAtMs + Math.max(timeoutMs / 2, timeoutMs - ANSWER_MARGIN_MS)
    const controller = new AbortController()
    this.running.set(request.id, controller)
    let timer: TimerId | undefined
    const deadline = new Promise<InvokeOutcome>((resolve) => {
      timer = this.timers.set(
        () => {
          const timedOut = new NodeCommandError(NodeErrorCode.Timeout, `${command} did not finish within ${timeoutMs} ms`)
          controller.abort(timedOut)
          resolve(failure(timedOut.code, timedOut.message))
        },
        Math.max(0, answerAtMs - this.timers.now()),
      )
    })
    const context = { invokeId: request.id, signal: controller.signal, remainingMs: () => Math.max(0, answerAtMs - this.timers.now()) }
    const work = Promise.resolve()
      .then(() => handler(params, context))
      .then(
        (payload): InvokeOutcome => ({ ok: true, payload }),
        (error: unknown): InvokeOutcome => toFailure(error),
      )
    try {
      return await Promise.race([work, deadline])
    } finally {
      this.timers.clear(timer)
      this.running.delete(request.id)
    }
  }
}

const failure = (code: string, message: string): InvokeOutcome => ({ ok: false, error: { code, message } })

function toFailure(error: unknown): InvokeOutcome {
  if (error instanceof NodeCommandError) return failure(error.code, error.message)
  // NOTE: an unexpected throw is the browser's or ours, not the caller's; say so without a stack.
  return failure(NodeErrorCode.Unavailable, error instanceof Error && error.message ? error.message : 'the command failed on this device')
}

/** `paramsJSON` is a JSON text or null; anything but an object (or nothing) is a bad request. */
export function parseParamsJson(paramsJSON: string | null | undefined): Record<string, unknown> {
  if (paramsJSON === null || paramsJSON === undefined || paramsJSON.trim() === '') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(paramsJSON)
  } catch {
    throw new Error('paramsJSON is not valid JSON')
  }
  if (parsed === null) return {}
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('params must be a JSON object')
  return parsed as Record<string, unknown>
}
