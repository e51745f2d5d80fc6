import { nodeSetupGuide, type GatewayRecord } from '../../store'
import { CopyButton } from '../CopyButton'
import { actions, useApp } from '../useApp'
import { commandText, formatTime } from './commandText'

function Command({ text }: { text: string }) {
  return (
    <>
      <span className="command">
        <code>{text}</code>
      </span>{' '}
      <CopyButton text={text} />
    </>
  )
}

/**
 * The two gateway-side steps, with the exact commands: the gateway forwards only commands an
 * operator allowed (a browser is an "unknown" platform) and approved for this node.
 */
export function NodeSetup({ gateway }: { gateway: GatewayRecord }) {
  const view = useApp((s) => s.nodes[gateway.id])
  const guide = nodeSetupGuide(gateway, view)
  const titleId = `node-setup-${gateway.id}`
  return (
    <section aria-labelledby={titleId}>
      <h3 id={titleId}>Let the agent use this device</h3>
      {guide.isComplete ? (
        <p>The gateway lets the agent use everything switched on below.</p>
      ) : (
        <>
          <p>
            {guide.isKnown
              ? `The gateway does not let the agent use ${guide.missing.map((command) => commandText(command).label.toLowerCase()).join(', ')} yet.`
              : 'The gateway only forwards what an operator has allowed and approved for this device. If the agent is told “node command not allowed”, run on the gateway host:'}
          </p>
          <ol className="node-steps">
            {guide.allowCommand && (
              <li>
                Allow what a browser does not get by default (if the list already has entries, keep them in it):
                <br />
                <Command text={guide.allowCommand} />
                <br />
                then{' '}
                <button type="button" onClick={() => actions().retryConnection(gateway.id, 'node')}>
                  Reconnect node
                </button>{' '}
                so the gateway sees this device’s commands again.
              </li>
            )}
            <li>
              Approve this device’s commands:
              <br />
              {guide.approveCommand ? (
                <Command text={guide.approveCommand} />
              ) : (
                <>
                  <Command text="openclaw nodes pending" /> <br />
                  then <code>openclaw nodes approve &lt;requestId&gt;</code> for “{gateway.deviceName}”.
                </>
              )}
            </li>
          </ol>
        </>
      )}
      {view?.surfaceApprovedAtMs !== undefined && <p className="muted">The gateway approved this device’s commands at {formatTime(view.surfaceApprovedAtMs)}.</p>}
      {view?.deviceId && (
        <p className="muted">
          Node id: <code>{view.deviceId}</code> — check with <code>openclaw nodes describe --node {view.deviceId}</code>
        </p>
      )}
    </section>
  )
}
