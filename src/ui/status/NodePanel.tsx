import type { GatewayRecord } from '../../store'

/** A gateway this device serves as a node: there is no chat on this connection. */
export function NodePanel({ gateway }: { gateway: GatewayRecord }) {
  return (
    <section className="panel" aria-labelledby="node-title">
      <h2 id="node-title">This device is a node of {gateway.label}</h2>
      <p>
        The agent can ask this device for things it offers. Chat needs the Chat (operator) role: change the role in the gateway list below to chat from
        here.
      </p>
    </section>
  )
}
