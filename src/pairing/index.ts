// Public surface of pairing. scanner.ts is deliberately not re-exported: it pulls in the
// WebAssembly QR decoder, so the UI imports it directly with `import('…/pairing/scanner')` only
// once the user starts scanning or picks a photo, keeping the decoder out of the main bundle.
export * from './pairingError'
export * from './gatewayUrl'
export * from './extractSetupCode'
export * from './setupPayload'
export { parseSetupCode, encodeSetupCode } from './setupCode'
export * from './pairingInput'
export * from './gatewayDeepLink'
export * from './joinLink'
