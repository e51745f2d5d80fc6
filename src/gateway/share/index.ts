// What the service worker and the page share about the share target (see sharePayload.ts).
export { cleanName, readShareForm, type RefusedReason, SHARE_LIMITS, type SharedFile, type ShareRecord, shareText } from './sharePayload'
export { SHARE_DATABASE, SHARE_PATH } from './shareDatabase'
