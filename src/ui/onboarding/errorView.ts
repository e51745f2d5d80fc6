import type { ErrorView } from '../../store'

/** Errors from the lazily loaded scanner carry a code and a message (PairingError). */
export function isErrorView(error: unknown): error is ErrorView {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string'
}
