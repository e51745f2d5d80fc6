/**
 * Holds a node link while the node slice's implementation chunk loads (most devices are never a
 * node, so it is not in the entry). It listens from the moment the link attaches and hands what it
 * kept over in order, so no invocation is lost.
 */
import type { EventFrame, GatewayClient } from '../gateway'
import { NODE_INVOKE_CANCEL_EVENT, NODE_INVOKE_REQUEST_EVENT, NODE_PAIR_RESOLVED_EVENT } from '../gateway/node'

export type HeldClient = Pick<GatewayClient, 'onEvent' | 'onStatus'>

const isInvocation = (event: EventFrame) => event.event === NODE_INVOKE_REQUEST_EVENT || event.event === NODE_INVOKE_CANCEL_EVENT

/**
 * Calls `handOver` with the loaded implementation and the node events that came meanwhile, and
 * returns the link's detach. A failed load is tried again on the next connect; a detach before the
 * load ends leaves nothing subscribed and nothing handed over.
 */
export function holdNodeLink<Loaded>(
  client: HeldClient,
  load: () => Promise<Loaded>,
  handOver: (loaded: Loaded, early: EventFrame[]) => () => void,
): () => void {
  let early: EventFrame[] = []
  let release: (() => void) | undefined
  let isDetached = false
  const offEvent = client.onEvent((event) => {
    if (isInvocation(event) || event.event === NODE_PAIR_RESOLVED_EVENT) early.push(event)
  })
  const offStatus = client.onStatus((status) => {
    if (status.phase === 'connected') tryLoad()
    // The invocations of a link that dropped are forgotten: the gateway no longer waits for them.
    else early = early.filter((event) => !isInvocation(event))
  })
  const stopHolding = () => (offEvent(), offStatus())

  function tryLoad(): void {
    load().then(
      (loaded) => {
        if (isDetached || release) return
        stopHolding()
        // Synchronous with stopHolding: no event can slip in between the two subscriptions.
        release = handOver(loaded, early)
        early = []
      },
      () => undefined,
    )
  }

  tryLoad()
  return () => {
    isDetached = true
    stopHolding()
    early = []
    release?.()
  }
}
