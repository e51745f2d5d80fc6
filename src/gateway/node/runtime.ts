/** The node's working parts, in the chunk of the node slice's implementation (src/store/nodeSliceImpl.ts). */
export { browserNodeApis } from './browserApis'
export { InvokeDispatcher } from './dispatcher'
export { createNodeHandlers } from './handlers'
export { attachNodeInvoker } from './nodeInvoker'
