/**
 * Connects a node-role GatewayClient to the dispatcher: each `node.invoke.request` is run and
 * answered with `node.invoke.result` on the same connection; `node.invoke.cancel` aborts the work.
 */
import type { EventFrame } from '../protocol'
import type { InvokeDispatcher } from './dispatcher'
import {
  invokeResultParams,
  NODE_INVOKE_CANCEL_EVENT,
  NODE_INVOKE_REQUEST_EVENT,
  NODE_INVOKE_RESULT_METHOD,
  NodeInvokeCancel,
  NodeInvokeRequest,
} from './nodeProtocol'

/** The two things the invoker needs from a GatewayClient. */
export interface InvokeTransport {
  onEvent(listener: (event: EventFrame) => void): () => void
  request(method: string, params?: unknown): Promise<unknown>
}

export type InvokerOptions = {
  /** A request this device cannot read (a gateway bug or a newer protocol): reported, not answered. */
  onMalformed?(event: string): void
  /** The result could not be delivered (the link dropped meanwhile). */
  onUndelivered?(id: string, error: unknown): void
}

export function attachNodeInvoker(transport: InvokeTransport, dispatcher: InvokeDispatcher, options: InvokerOptions = {}): () => void {
  return transport.onEvent((event) => {
    if (event.event === NODE_INVOKE_CANCEL_EVENT) {
      const cancel = NodeInvokeCancel.safeParse(event.payload)
      if (cancel.success) dispatcher.cancel(cancel.data.invokeId)
      return
    }
    if (event.event !== NODE_INVOKE_REQUEST_EVENT) return
    const parsed = NodeInvokeRequest.safeParse(event.payload)
    if (!parsed.success) {
      options.onMalformed?.(event.event)
      return
    }
    const request = parsed.data
    void dispatcher
      .handle(request)
      .then((outcome) =>
        transport
          .request(NODE_INVOKE_RESULT_METHOD, invokeResultParams(request, outcome))
          .catch((error: unknown) => options.onUndelivered?.(request.id, error)),
      )
  })
}
