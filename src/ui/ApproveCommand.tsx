import type { ReactNode } from 'react'
import { CopyButton } from './CopyButton'

/**
 * The one command that approves a device's pairing request on the gateway host, with a copy
 * button; `children` (a "Check now" button) join the copy button's row.
 */
export function ApproveCommand({ requestId, children }: { requestId: string; children?: ReactNode }) {
  const command = `openclaw devices approve ${requestId}`
  return (
    <>
      <p className="command" translate="no">
        <code>{command}</code>
      </p>
      <div className="row">
        <CopyButton text={command} />
        {children}
      </div>
    </>
  )
}
