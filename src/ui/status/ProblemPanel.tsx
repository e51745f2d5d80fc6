import type { Problem } from '../../gateway'
import type { GatewayRecord } from '../../store'
import { CommandText } from '../CommandText'
import { CopyButton } from '../CopyButton'
import { defineMessages } from '../../i18n'
import { actions } from '../useApp'
import { useText } from '../useText'
import { explainProblem } from './explainProblem'

const TEXT = defineMessages('problems.panel', {
  scanNew: 'Scan a new code',
  retry: 'Retry',
})

/** A gateway whose connection needs the user: what happened, the command to copy, and the way out. */
export function ProblemPanel({ gateway, problem }: { gateway: GatewayRecord; problem: Problem }) {
  const t = useText(TEXT)
  const explained = explainProblem(problem, gateway, globalThis.location?.origin ?? '')
  return (
    <section className="panel problem" aria-labelledby="problem-title" data-problem={problem.kind}>
      <h2 id="problem-title">{explained.title}</h2>
      <p>{explained.cause}</p>
      {explained.fix && (
        <p>
          <CommandText text={explained.fix} />
        </p>
      )}
      {explained.command && (
        <>
          <p className="command" translate="no">
            <code>{explained.command}</code>
          </p>
          <div className="row">
            <CopyButton text={explained.command} />
          </div>
        </>
      )}
      <div className="row">
        {explained.needsNewCode && (
          <button type="button" className="primary" onClick={() => actions().openOnboarding({ targetGatewayId: gateway.id, method: 'scan' })}>
            {t('scanNew')}
          </button>
        )}
        {explained.canRetry && (
          <button type="button" className={explained.needsNewCode ? '' : 'primary'} onClick={() => actions().retryConnection(gateway.id)}>
            {t('retry')}
          </button>
        )}
      </div>
    </section>
  )
}
