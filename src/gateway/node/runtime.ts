/** The node's working parts, loaded when a node link attaches (see linkInvocations in src/store/nodeSlice.ts). */
export { browserNodeApis } from './browserApis'
export { InvokeDispatcher } from './dispatcher'
export { createNodeHandlers } from './handlers'
export { attachNodeInvoker } from './nodeInvoker'
