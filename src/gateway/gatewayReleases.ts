/**
 * Which OpenClaw gateway releases this app works with. The compat suite (`npm run test:compat`,
 * e2e/compat/) pairs, chats, reloads and restarts against each release it lists; the oldest that
 * passes is the one a protocol-3 gateway is told to update to.
 */

/** The oldest release the compat suite shows working: gateways speak protocol 4 from 2026.5.20 on. */
export const MIN_GATEWAY_RELEASE = '2026.5.28'

/** The command that updates a gateway installed from npm or by the installer to the newest release. */
export const GATEWAY_UPDATE_COMMAND = 'openclaw update'
