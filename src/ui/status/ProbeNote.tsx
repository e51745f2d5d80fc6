import { actions, useApp } from '../useApp'

/** Says which of several gateway addresses answered, once, after pairing. */
export function ProbeNote() {
  const note = useApp((s) => s.lastProbeNote)
  if (!note) return null
  return (
    <p className="probe-note">
      {note}{' '}
      <button type="button" className="link" onClick={() => actions().dismissProbeNote()}>
        Dismiss
      </button>
    </p>
  )
}
