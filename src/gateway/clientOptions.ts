import type { ClientInfo, ConnectExtras } from './connectParams'
import type { Environment } from './environment'
import type { SocketFactory } from './gatewaySocket'
import type { Role } from './protocol'
import type { Timers } from './timers'
import type { GatewayVault } from './vault'

/** What a GatewayClient is made with (client.ts). */
export type GatewayClientOptions = {
  url: string
  /** The role the user chose. Nothing in here ever changes it. */
  role: Role
  vault: GatewayVault
  clientInfo: ClientInfo
  scopes?: string[]
  extras?: ConnectExtras
  socketFactory?: SocketFactory
  timers?: Timers
  random?: () => number
  environment?: Environment
}
