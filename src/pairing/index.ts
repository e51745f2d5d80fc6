// Public surface of pairing. scanner.ts is deliberately not re-exported: it pulls in
// @zxing/browser, so the UI imports it directly with `import('…/pairing/scanner')` only once the
// user starts scanning, keeping the QR decoder out of the main bundle.
export * from './pairingError';
export * from './gatewayUrl';
export * from './extractSetupCode';
export * from './setupPayload';
export { parseSetupCode, encodeSetupCode } from './setupCode';
export * from './pairingInput';
