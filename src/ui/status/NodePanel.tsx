import type { GatewayRecord } from '../../store'
import { CommandSwitches } from '../node/CommandSwitches'
import { InAppMessage } from '../node/InAppMessage'
import { InvocationLog } from '../node/InvocationLog'
import { NodeConnection } from '../node/NodeConnection'
import { NodeSetup } from '../node/NodeSetup'
import { useApp } from '../useApp'

/** A gateway this device serves as a node: what the agent may use, the setup it needs, and what it asked for. */
export function NodePanel({ gateway }: { gateway: GatewayRecord }) {
  const status = useApp((s) => s.roleStatuses[gateway.id]?.node)
  const isAddedRole = gateway.role !== 'node'
  return (
    <section className="panel" aria-labelledby="node-title">
      <h2 id="node-title">This device is a node of {gateway.label}</h2>
      <p>The agent can ask this device for what you switch on below, while this app is open. Every request is listed at the bottom.</p>
      {isAddedRole && status?.phase !== 'connected' ? (
        <NodeConnection gateway={gateway} status={status} />
      ) : (
        <>
          <InAppMessage gatewayId={gateway.id} />
          <NodeSetup gateway={gateway} />
        </>
      )}
      <CommandSwitches gateway={gateway} />
      <InvocationLog gatewayId={gateway.id} />
    </section>
  )
}
