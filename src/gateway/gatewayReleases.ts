/**
 * Which OpenClaw gateway releases this app works with. The compat suite (`npm run test:compat`,
 * e2e/compat/) pairs, chats, reloads and restarts against each release it lists; the oldest that
 * passes is the one a protocol-3 gateway is told to update to.
 */

/** The oldest release the compat suite shows working; 2026.5.12 is also the first that speaks protocol 4. */
export const MIN_GATEWAY_RELEASE = '2026.5.12'
