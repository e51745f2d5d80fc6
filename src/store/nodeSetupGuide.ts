/**
 * Pure helpers the node screen renders from: a module of its own so the node UI chunk can import
 * them without pulling the node slice's implementation (nodeSliceImpl.ts) into the entry.
 */
import { allowCommandLine, commandsNeedingAllow, isCommandSwitchedOn, NODE_COMMANDS } from '../gateway/node'
import type { GatewayRecord } from './gatewayRecords'
import type { NodeView } from './nodeSlice'

/** Camera and location are off until the user switches them on for the gateway; the rest on until switched off. */
export const isNodeCommandOn = (record: Pick<GatewayRecord, 'nodeCommandsOff' | 'nodeCommandsOn'>, command: string) => isCommandSwitchedOn(record, command)

/**
 * What the operator still has to do on the gateway host before the agent can use this device's
 * switched-on commands: allow them (`gateway.nodes.commands.allow`; a browser is an "unknown"
 * platform) and approve the node's command surface (`openclaw nodes approve`). Exact when an operator
 * link could read `node.describe` (`isKnown`), otherwise the general steps.
 */
export type NodeSetupGuide = {
  isKnown: boolean
  /** Switched-on commands the gateway does not forward yet (all of them while unknown). */
  missing: string[]
  /** The line that allows every switched-on command outside the platform defaults, if any is missing. */
  allowCommand: string | null
  /** `openclaw nodes approve <requestId>` when the pending request is known. */
  approveCommand: string | null
  isPendingApproval: boolean
  isComplete: boolean
}

export function nodeSetupGuide(record: Pick<GatewayRecord, 'nodeCommandsOff' | 'nodeCommandsOn'>, view: Pick<NodeView, 'surface'> | undefined): NodeSetupGuide {
  const enabled = NODE_COMMANDS.filter((command) => isNodeCommandOn(record, command))
  const needingAllow = commandsNeedingAllow(enabled)
  const surface = view?.surface
  if (!surface) {
    return {
      isKnown: false,
      missing: enabled,
      allowCommand: needingAllow.length ? allowCommandLine(needingAllow) : null,
      approveCommand: null,
      isPendingApproval: false,
      isComplete: false,
    }
  }
  const missing = enabled.filter((command) => !surface.commands.includes(command))
  const isPendingApproval = surface.approvalState?.startsWith('pending') ?? false
  const isAllowMissing = commandsNeedingAllow(missing).length > 0
  return {
    isKnown: true,
    missing,
    allowCommand: isAllowMissing ? allowCommandLine(needingAllow) : null,
    approveCommand: surface.pendingRequestId ? `openclaw nodes approve ${surface.pendingRequestId}` : null,
    isPendingApproval,
    isComplete: missing.length === 0 && !isPendingApproval,
  }
}
