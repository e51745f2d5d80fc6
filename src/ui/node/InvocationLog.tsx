import { useApp } from '../useApp'
import { describeInvocation } from './commandText'

/** What the agent asked this device for, newest first, and what it got. */
export function InvocationLog({ gatewayId }: { gatewayId: string }) {
  const log = useApp((s) => s.nodes[gatewayId]?.log)
  return (
    <section aria-labelledby={`node-log-${gatewayId}`}>
      <h3 id={`node-log-${gatewayId}`}>Recent requests from the agent</h3>
      {!log?.length ? (
        <p className="muted">Nothing yet. Each request the agent makes of this device is listed here.</p>
      ) : (
        <div role="log" aria-label="Agent requests">
          <ol className="node-log">
            {log.map((entry) => (
              <li key={entry.id} data-state={entry.state} data-command={entry.command} className={entry.state === 'failed' ? 'warning' : undefined}>
                {describeInvocation(entry)}
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  )
}
