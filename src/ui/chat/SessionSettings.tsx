import { useEffect, useId, useState } from 'react'
import type { ModelOption, SessionRow } from '../../store'
import { defineMessages } from '../../i18n'
import { actions, useApp } from '../useApp'
import { useText } from '../useText'
import { setTimesShown, useTimesShown } from './messageTimes'
import { useOutcome } from './useOutcome'
import './sessionSettings.css'

const TEXT = defineMessages('sessions.settings', {
  settings: 'Chat settings',
  model: 'Model',
  thinking: 'Thinking',
  modelSet: 'This chat now uses {model}.',
  thinkingSet: 'Thinking is now {level}.',
  thinkingAsked: 'Asked the agent to think {level} (/think).',
  failed: 'Could not change it: {reason}.',
  times: 'Show times',
})

/**
 * The open chat's model (models.list, set with sessions.patch) and thinking level (where its model
 * has levels to choose from). A chunk of its own, drawn once the session list has the open chat.
 */
export function SessionSettings({ gatewayId, isConnected }: { gatewayId: string; isConnected: boolean }) {
  const t = useText(TEXT)
  const key = useApp((s) => s.chats[gatewayId]?.sessionKey ?? null)
  const session = useApp((s): SessionRow | undefined => s.sessions[gatewayId]?.find((row) => row.key === key))
  const [models, setModels] = useState<ModelOption[]>([])
  const { run, view } = useOutcome((reason) => t('failed', { reason }))
  const id = useId()
  const timesShown = useTimesShown()

  useEffect(() => {
    if (!key || !isConnected) return
    let live = true
    void actions()
      .sessionControls()
      .then((controls) => controls.models(gatewayId, key))
      .then(
        (found) => live && setModels(found),
        () => live && setModels([]),
      )
    return () => {
      live = false
    }
  }, [gatewayId, key, isConnected])

  if (!session || models.length === 0) return null
  const model = models.find((option) => option.ref === session.model)
  const levels = model?.thinkingLevels.length ? model.thinkingLevels : session.thinkingOptions
  const chooseModel = (ref: string) =>
    run(async () => {
      await (await actions().sessionControls()).setModel(gatewayId, session.key, ref)
      return t('modelSet', { model: models.find((option) => option.ref === ref)?.name ?? ref })
    })
  const chooseLevel = (level: string) =>
    run(async () => {
      const how = await (await actions().sessionControls()).setThinking(gatewayId, session.key, level)
      return t(how === 'patched' ? 'thinkingSet' : 'thinkingAsked', { level })
    })

  return (
    <fieldset className="session-settings" aria-label={t('settings')} disabled={!isConnected}>
      <div>
        <label htmlFor={`${id}-model`}>{t('model')}</label>
        <select id={`${id}-model`} value={session.model ?? ''} onChange={(event) => void chooseModel(event.target.value)} translate="no">
          {!model && <option value={session.model ?? ''}>{session.model ?? '—'}</option>}
          {models.map((option) => (
            <option key={option.ref} value={option.ref}>
              {option.name}
            </option>
          ))}
        </select>
      </div>
      {levels.length > 1 && (
        <div>
          <label htmlFor={`${id}-thinking`}>{t('thinking')}</label>
          <select
            id={`${id}-thinking`}
            value={session.thinkingLevel ?? model?.thinkingDefault ?? ''}
            onChange={(event) => void chooseLevel(event.target.value)}
            translate="no"
          >
            {!session.thinkingLevel && !model?.thinkingDefault && <option value="">—</option>}
            {levels.map((level) => (
              <option key={level} value={level}>
                {level}
              </option>
            ))}
          </select>
        </div>
      )}
      <button type="button" className="quiet" aria-pressed={timesShown} onClick={() => setTimesShown(!timesShown)}>
        {t('times')}
      </button>
      {view}
    </fieldset>
  )
}
