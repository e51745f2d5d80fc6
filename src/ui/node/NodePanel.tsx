import type { GatewayRecord } from '../../store'
import { defineMessages } from '../../i18n'
import { useApp } from '../useApp'
import { useText } from '../useText'
import { CommandSwitches } from './CommandSwitches'
import { InAppMessage } from './InAppMessage'
import { InvocationLog } from './InvocationLog'
import { NodeConnection } from './NodeConnection'
import { NodeSetup } from './NodeSetup'

const TEXT = defineMessages('node.panel', {
  title: 'This device is a node of {gateway}',
  intro: 'The agent can ask this device for what you switch on below, while this app is open. Every request is listed at the bottom.',
})

/** A gateway this device serves as a node: what the agent may use, the setup it needs, and what it asked for. */
export function NodePanel({ gateway }: { gateway: GatewayRecord }) {
  const status = useApp((s) => s.roleStatuses[gateway.id]?.node)
  const isAddedRole = gateway.role !== 'node'
  const t = useText(TEXT)
  return (
    <section className="panel" aria-labelledby="node-title">
      <h2 id="node-title">{t('title', { gateway: gateway.label })}</h2>
      <p>{t('intro')}</p>
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
