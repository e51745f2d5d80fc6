import { isNodeCommandOn, NODE_COMMANDS, type GatewayRecord } from '../../store'
import { actions } from '../useApp'
import { commandText } from './commandText'

/** One switch per command; a switched-off command answers the agent with an error and never runs. */
export function CommandSwitches({ gateway }: { gateway: GatewayRecord }) {
  return (
    <fieldset className="node-switches">
      <legend>What the agent may use on this device</legend>
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
                {text.detail} <code>{command}</code>
              </span>
            </span>
          </div>
        )
      })}
    </fieldset>
  )
}
