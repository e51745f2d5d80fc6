/** What lazyNodeHandlers loads: the handlers and the browser features they use (see nodeSlice). */
export { browserNodeApis } from './browserApis'
export { createNodeHandlers } from './handlers'
