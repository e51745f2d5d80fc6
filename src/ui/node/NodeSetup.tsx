import { nodeSetupGuide, type GatewayRecord } from '../../store'
import { CopyButton } from '../CopyButton'
import { defineMessages, LIST_FORMAT } from '../../i18n'
import { actions, useApp } from '../useApp'
import { useText } from '../useText'
import { commandText, formatTime } from './commandText'

const TEXT = defineMessages('node.setup', {
  title: 'Let the agent use this device',
  complete: 'The gateway lets the agent use everything switched on below.',
  missing: 'The gateway does not let the agent use {commands} yet.',
  unknown:
    'The gateway only forwards what an operator has allowed and approved for this device. If the agent is told “node command not allowed”, run on the gateway host:',
  allow: 'Allow what a browser does not get by default (if the list already has entries, keep them in it):',
  thenReconnect: 'then {button} so the gateway sees this device’s commands again.',
  reconnect: 'Reconnect node',
  approve: 'Approve this device’s commands:',
  approvePending: 'then {command} for “{device}”.',
  approvedAt: 'The gateway approved this device’s commands at {time}.',
  nodeId: 'Node id: {id} — check with {command}',
})

function Command({ text }: { text: string }) {
  return (
    <>
      <span className="command" translate="no">
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
  const t = useText(TEXT)
  const titleId = `node-setup-${gateway.id}`
  return (
    <section aria-labelledby={titleId}>
      <h3 id={titleId}>{t('title')}</h3>
      {guide.isComplete ? (
        <p>{t('complete')}</p>
      ) : (
        <>
          <p>{guide.isKnown ? t('missing', { commands: LIST_FORMAT().format(guide.missing.map((command) => commandText(command).label)) }) : t('unknown')}</p>
          <ol className="node-steps">
            {guide.allowCommand && (
              <li>
                {t('allow')}
                <br />
                <Command text={guide.allowCommand} />
                <br />
                {t.rich('thenReconnect', {
                  button: (
                    <button type="button" onClick={() => actions().retryConnection(gateway.id, 'node')}>
                      {t('reconnect')}
                    </button>
                  ),
                })}
              </li>
            )}
            <li>
              {t('approve')}
              <br />
              {guide.approveCommand ? (
                <Command text={guide.approveCommand} />
              ) : (
                <>
                  <Command text="openclaw nodes pending" /> <br />
                  {t.rich('approvePending', { command: <code translate="no">openclaw nodes approve &lt;requestId&gt;</code>, device: gateway.deviceName })}
                </>
              )}
            </li>
          </ol>
        </>
      )}
      {view?.surfaceApprovedAtMs !== undefined && <p className="muted">{t('approvedAt', { time: formatTime(view.surfaceApprovedAtMs) })}</p>}
      {view?.deviceId && (
        <p className="muted">
          {t.rich('nodeId', {
            id: <code translate="no">{view.deviceId}</code>,
            command: <code translate="no">openclaw nodes describe --node {view.deviceId}</code>,
          })}
        </p>
      )}
    </section>
  )
}
