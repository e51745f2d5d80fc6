/**
 * The commands this browser offers as a node, declared at every node-role connect (what the
 * gateway's policy lets through is in commandPolicy.ts).
 */
export const NODE_COMMANDS = ['device.info', 'device.status', 'location.get', 'system.notify', 'camera.list', 'camera.snap'] as const
export type NodeCommand = (typeof NODE_COMMANDS)[number]

export const isNodeCommand = (command: string): command is NodeCommand => (NODE_COMMANDS as readonly string[]).includes(command)

/** Capability categories claimed at connect (free-form claims; the gateway enforces its own policy). */
export const NODE_CAPS = ['camera', 'device', 'location', 'notifications'] as const
