import type { ErrorView } from '../../store'
import { CommandText } from '../CommandText'

/** A specific message for bad input: what is wrong, then what to do about it. */
export function ErrorMessage({ error }: { error: ErrorView }) {
  return (
    <div className="error" role="alert" data-error-code={error.code}>
      <p className="error-message">{error.message}</p>
      {error.fix && (
        <p className="error-fix">
          <CommandText text={error.fix} />
        </p>
      )}
    </div>
  )
}

/** Errors from the lazily loaded scanner carry a code and a message (PairingError). */
export function isErrorView(error: unknown): error is ErrorView {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string'
}
