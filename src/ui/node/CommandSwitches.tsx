import { isNodeCommandOn, NODE_COMMANDS, type GatewayRecord } from '../../store'
import { defineMessages } from '../../i18n'
import { actions } from '../useApp'
import { useText } from '../useText'
import { commandText } from './commandText'

/** One switch per command; a switched-off command answers the agent with an error and never runs. */
const TEXT = defineMessages('node.switches', {
  legend: 'What the agent may use on this device',
})

export function CommandSwitches({ gateway }: { gateway: GatewayRecord }) {
  const t = useText(TEXT)
  return (
    <fieldset className="node-switches">
      <legend>{t('legend')}</legend>
      {NODE_COMMANDS.map((command) => {
        const id = `switch-${gateway.id}-${command}`
        const text = commandText(command)
        const isOn = isNodeCommandOn(gateway, command)
        return (
          <div key={command} className="choice">
            <input
              id={id}
              type="checkbox"
              role="switch"
              aria-checked={isOn}
              aria-describedby={`${id}-detail`}
              checked={isOn}
              onChange={(event) => void actions().setNodeCommandEnabled(gateway.id, command, event.target.checked)}
            />
            <span>
              <label htmlFor={id}>
                <strong>{text.label}</strong>
              </label>{' '}
              <span id={`${id}-detail`} className="muted">
                {text.detail} <code translate="no">{command}</code>
              </span>
            </span>
          </div>
        )
      })}
    </fieldset>
  )
}
