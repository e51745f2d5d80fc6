/** What every command handler gets: its params (already JSON-parsed) and the invocation's clock. */
import type * as z from 'zod/mini'
import { NodeCommandError, NodeErrorCode } from './nodeErrors'

export type InvokeContext = {
  /** The invocation's id (the log entry and the consent sheet name it). */
  invokeId: string
  /** Aborted when the gateway cancels the invocation or its deadline passes. */
  signal: AbortSignal
  /** Milliseconds left before the dispatcher answers for the handler. */
  remainingMs(): number
}

export type CommandHandler = (params: Record<string, unknown>, context: InvokeContext) => Promise<unknown>

/** Parses a command's params or fails with INVALID_REQUEST, naming the offending fields. */
export function parseParams<T>(schema: z.ZodMiniType<T>, params: Record<string, unknown>): T {
  const parsed = schema.safeParse(params)
  if (parsed.success) return parsed.data
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'params'}: ${issue.message}`).join('; ')
  throw new NodeCommandError(NodeErrorCode.InvalidRequest, `invalid params (${issues})`)
}

/** Resolves or rejects with the promise, but rejects at once when the signal aborts. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener('abort', onAbort), reject(error)),
    )
  })
}

/** The promise's value, or `fallback()`'s once `ms` pass first (setTimeout, so fake timers drive it). */
export function withTimeout<T>(promise: Promise<T>, ms: number, fallback: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => {
        try {
          resolve(fallback())
        } catch (error) {
          reject(error)
        }
      },
      Math.max(0, ms),
    )
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    )
  })
}
