/**
 * The address a credential is bound to: a gateway URL's scheme, host, port and path, normalized so
 * two spellings of one URL compare equal. A device token, a setup code's bootstrap token and a typed
 * shared secret each carry the addresses of the gateway that issued them (or that the user typed
 * them for), and are sent only on a socket to one of those addresses.
 *
 * NOTE: the path counts (a reverse proxy may put two gateways on one host under different paths);
 * the gateway exposes no identity that survives a restart (hello-ok `server.bootId`, `connId` and
 * the presence `instanceId` are per process or per socket), so the address is the binding.
 */
export function gatewayAddress(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}${parsed.search}`
  } catch {
    return url
  }
}
