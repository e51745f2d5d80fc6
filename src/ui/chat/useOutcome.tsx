import { type ReactNode, useState } from 'react'

const reasonOf = (cause: unknown) => (cause instanceof Error && cause.message ? cause.message : String(cause))

/**
 * Runs an action of the session menus and pickers and words its outcome: what it returns is said in a
 * status line (announced, not shown), a failure in an alert with the reason `failed` words.
 */
export function useOutcome(failed: (reason: string) => string): { run(work: () => Promise<string>): Promise<boolean>; view: ReactNode } {
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  const run = async (work: () => Promise<string>) => {
    setError(null)
    setNote('')
    try {
      setNote(await work())
      return true
    } catch (cause) {
      setError(failed(reasonOf(cause)))
      return false
    }
  }
  const view = (
    <>
      <p className="visually-hidden" role="status">
        {note}
      </p>
      {error && (
        <p className="error-message" role="alert">
          {error}
        </p>
      )}
    </>
  )
  return { run, view }
}
