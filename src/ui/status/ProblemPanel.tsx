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
  draftTitle: 'Pairing with {gateway} did not finish',
  draftCause: 'This device never connected to {gateway}, and holds nothing it could sign in with.',
  draftNote: 'Nothing but this unfinished pairing is kept: scan a new code to finish it, or discard it.',
  discard: 'Discard',
  discardName: 'Discard the unfinished pairing with {gateway}',
})

/** A gateway whose connection needs the user: what happened, the command to copy, and the way out. */
export function ProblemPanel({ gateway, problem }: { gateway: GatewayRecord; problem: Problem }) {
  const t = useText(TEXT)
  const explained = explainProblem(problem, gateway, globalThis.location?.origin ?? '')
  // A gateway that never connected is an unfinished pairing (a draft): after a reload its code is gone,
  // so "no way to sign in" would read like a broken gateway. It says what it is, and can be discarded.
  const isDraft = !gateway.pairedAtMs
  if (isDraft && problem.kind === 'no-credentials') {
    explained.title = t('draftTitle', { gateway: gateway.label })
    explained.cause = t('draftCause', { gateway: gateway.label })
  }
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
      {isDraft && <p className="muted">{t('draftNote')}</p>}
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
        {isDraft && (
          <button type="button" aria-label={t('discardName', { gateway: gateway.label })} onClick={() => void actions().forgetGateway(gateway.id)}>
            {t('discard')}
          </button>
        )}
      </div>
    </section>
  )
}
