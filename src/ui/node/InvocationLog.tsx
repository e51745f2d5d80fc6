import { defineMessages } from '../../i18n'
import { useApp } from '../useApp'
import { useText } from '../useText'
import { describeInvocation } from './commandText'

const TEXT = defineMessages('node.log', {
  title: 'Recent requests from the agent',
  empty: 'Nothing yet. Each request the agent makes of this device is listed here.',
  log: 'Agent requests',
})

/** What the agent asked this device for, newest first, and what it got. */
export function InvocationLog({ gatewayId }: { gatewayId: string }) {
  const log = useApp((s) => s.nodes[gatewayId]?.log)
  const t = useText(TEXT)
  return (
    <section aria-labelledby={`node-log-${gatewayId}`}>
      <h3 id={`node-log-${gatewayId}`}>{t('title')}</h3>
      {!log?.length ? (
        <p className="muted">{t('empty')}</p>
      ) : (
        <div role="log" aria-label={t('log')}>
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
