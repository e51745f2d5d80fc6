/**
 * Pairing errors in the user's language. The pairing layer words each error in English (which the
 * English UI shows as is: the hostile-input tests pin those words, details included); other
 * languages get the message and fix for the error's code and variant, with its language-neutral
 * values (a scheme, a limit, a time). An unknown code falls back to the English words.
 */
import { currentLocale, defineMessages, formatTime, translate } from '../../i18n'
import type { ErrorView } from '../../store'

const TEXT = defineMessages('errors.pairing', {
  empty_code: 'Nothing was entered: the setup code is empty.',
  empty_address: 'Nothing was entered: the gateway address is empty.',
  empty_codeFix: 'Paste the code printed by {qr}, or scan its QR code.',
  too_long_code: 'This text is too long to be a setup code: it has more than {limit} characters.',
  too_long_address: 'This text is too long to be a gateway address: it has more than {limit} characters.',
  too_long_codeFix: 'Copy only the code printed by {qr}, nothing around it.',
  control_characters_code: 'This text contains invisible control or formatting characters, so it is not a valid setup code.',
  control_characters_address: 'This text contains invisible control or formatting characters, so it is not a valid gateway address.',
  control_characters_codeFix: 'Copy the code again straight from the terminal, or scan the QR code instead.',
  control_characters_addressFix: 'Type the address again by hand.',
  not_setup_code_charset: 'This is not a setup code: setup codes contain only letters, digits, “-” and “_”.',
  not_setup_code_length: 'This setup code is cut off or has extra characters, so it cannot be decoded.',
  not_setup_code_empty_link: 'This oc-pair:// link has no setup code after it.',
  not_setup_code_looks_like_url: 'This is a web address, not a setup code.',
  not_setup_code_charsetFix: 'Copy the whole code printed by {qr} again, or scan its QR code.',
  not_setup_code_lengthFix: 'Copy the whole code printed by {qr} again, or scan its QR code.',
  not_json: 'This setup code is damaged: it decodes, but not to readable pairing details.',
  not_jsonFix: 'It was probably mistyped or cut off. Copy it again, or scan the QR code.',
  wrong_shape: 'This setup code holds the wrong kind of data instead of pairing details.',
  missing_url: 'This setup code does not say which gateway address to connect to.',
  missing_token: 'This setup code has no bootstrap token, so it cannot be used to pair.',
  wrong_types: 'The “{field}” field of this setup code has the wrong type.',
  bad_token: 'This setup code’s bootstrap token is malformed: it must be 16 to 512 letters, digits, “-” or “_”.',
  bad_url_code: 'The gateway address in this setup code is not valid.',
  bad_url_address: 'This gateway address is not valid.',
  bad_url_addressFix: 'Enter it as wss://host or wss://host:port, without anything after it.',
  bad_scheme_code: 'Gateway addresses start with ws:// or wss://; this setup code has “{scheme}”.',
  bad_scheme_address: 'Gateway addresses start with ws:// or wss://; this address has “{scheme}”.',
  bad_scheme_web: 'Gateway addresses start with ws:// or wss://; this address has “{scheme}”.',
  bad_scheme_addressFix: 'Enter the address as wss://host or wss://host:port.',
  bad_scheme_webFix: 'Gateways speak WebSocket: if the gateway is at {scheme}//…, enter {ws}://… instead.',
  insecure_public: 'This gateway address uses unencrypted ws:// to a public host, which would expose your pairing token on the internet, so it was refused.',
  insecure_publicFix: 'Serve the gateway over wss:// (for example with Tailscale Serve) and create a new setup code with {qr}.',
  mixed_content: 'This page was loaded over https, and browsers block unencrypted ws:// connections from secure pages to other machines (mixed content).',
  mixed_contentFix: 'Serve the gateway over wss:// (for example with Tailscale Serve) and create a new setup code with {qr}.',
  expired: 'This setup code expired at {time}.',
  expiredOnScreen: 'This setup code expired while it was on screen.',
  absurd_expiry: 'This setup code has an impossible expiry time (setup codes are valid for about 10 minutes).',
  absurd_expiryFix: 'Run {qr} on the gateway machine again and scan or paste the new code. If this keeps happening, check the clock on the gateway machine.',
  too_many_urls: 'This setup code lists more than {max} gateway addresses.',
  no_qr_in_image: 'No QR code could be found in that image.',
  no_qr_in_imageFix: 'Use a sharp, well-lit photo or screenshot that shows the whole QR code, or paste the setup code instead.',
  camera_denied: 'Camera access was denied, so the QR code cannot be scanned.',
  camera_deniedFix: 'Allow the camera in the browser’s site settings, or paste the setup code or upload a photo of the QR code instead.',
  camera_missing: 'No usable camera was found on this device.',
  camera_missingFix: 'Paste the setup code or upload a photo of the QR code instead.',
  camera_insecure: 'The camera is only available on pages opened over https:// or on localhost, and this page is not.',
  camera_insecureFix: 'Open this app over https://, or paste the setup code or upload a photo of the QR code instead.',
  camera_unavailable: 'The camera could not be started; another app may be using it.',
  camera_unavailableFix: 'Close other apps that use the camera and try again, or paste the setup code or upload a photo instead.',
  decoder_unavailable: 'The QR code reader could not be loaded, so nothing can be scanned or read from a photo right now.',
  decoder_unavailableFix: 'Reload the page (once online if the app was just updated), or paste the setup code instead.',
  missing_secret: 'Enter the gateway token or password so the gateway can let this device in.',
  missing_secretFix: 'Find it with {command} on the gateway host.',
  unreachable: 'No gateway answered at {addresses}.',
  unreachableFix: 'Check that the gateway is running and reachable from this device, and that the address is right.',
  load_failed: 'Part of the app could not be loaded, so the code was not checked.',
  load_failedFix: 'Check the connection and reload the page; nothing was saved yet.',
  join_link_url:
    'This is a gateway join link (…/j/…) from {joinCode}: it enrolls a headless node host with {connect}, and is not a setup code for this app. Nothing was sent to it.',
  join_link_code: 'This looks like a join code from {joinCode}: it enrolls a headless node host with {connect}, and is not a setup code for this app.',
  join_link_urlFix: 'On the gateway host, run {qr} and scan or paste the setup code it prints.',
  join_link_codeFix: 'On the gateway host, run {qr} and scan or paste the setup code it prints.',
  bad_link_not_gateway: 'This openclaw:// link is not a gateway link, so it cannot pair this app.',
  bad_link_add: 'This openclaw://gateway/add link names a gateway but carries no way to sign in to it.',
  bad_link_no_host: 'This openclaw://gateway link does not say which host to connect to.',
  bad_link_bad_port: 'The port in this openclaw://gateway link is not a number from 1 to 65535.',
  bad_link_bad_tls: 'The tls setting in this openclaw://gateway link is neither 1 nor 0.',
  bad_link_duplicate: 'This openclaw://gateway link names the same setting twice, so it is ambiguous and was refused.',
  bad_link_no_secret: 'This openclaw://gateway link carries neither a token nor a password, so it cannot sign in.',
  bad_link_malformed: 'This openclaw:// link is malformed.',
  bad_link_addFix: 'Run {qr} on that gateway and scan its code, or choose “Enter manually” with the gateway address and its token.',
  bad_link_no_secretFix: 'Run {qr} on that gateway and scan its code, or choose “Enter manually” with the gateway address and its token.',
  bad_fingerprint: 'This setup code’s certificate fingerprint is not a SHA-256 fingerprint, so the code is damaged.',
  rerunQr: 'Run {qr} on the gateway machine again and scan or paste the new code.',
  newCode: 'Run {qr} on the gateway host and scan the new code.',
  not_same_gateway_not_recognised: 'The gateway at {address} did not recognise this device, so it is not {label}. Nothing of {label} was sent to it.',
  not_same_gateway_no_token:
    'This device holds no token of {label} (none was issued, or it was revoked), so nothing can prove that {address} is the same gateway.',
  not_same_gateway_timeout: 'The gateway at {address} did not answer in time, so it could not prove it is {label}.',
  not_same_gateway_not_recognisedFix:
    'Choose “Add as a new gateway” (run {qr} on that gateway again first: this code is now tied to this device), or scan a code from the gateway you meant.',
  not_same_gateway_no_tokenFix:
    'Choose “Add as a new gateway” (run {qr} on that gateway again first: this code is now tied to this device), or scan a code from the gateway you meant.',
  not_same_gateway_timeoutFix:
    'Choose “Add as a new gateway” (run {qr} on that gateway again first: this code is now tied to this device), or scan a code from the gateway you meant.',
})

type Key = keyof typeof TEXT.en
const has = (key: string): key is Key => Object.hasOwn(TEXT.en, key)

/** Fixes that only point back to `openclaw qr`, by code. */
const RERUN_QR_CODES = new Set([
  'not_setup_code_empty_link',
  'not_setup_code_looks_like_url',
  'wrong_shape',
  'missing_url',
  'missing_token',
  'wrong_types',
  'bad_token',
  'bad_url_code',
  'bad_scheme_code',
  'expired',
  'too_many_urls',
  'bad_link_not_gateway',
  'bad_link_no_host',
  'bad_link_bad_port',
  'bad_link_bad_tls',
  'bad_link_duplicate',
  'bad_link_malformed',
  'bad_fingerprint',
])

/**
 * The message and fix to show, with `backticked` commands kept for CommandText. The English UI
 * shows the pairing layer's own words.
 */
export function pairingErrorText(error: ErrorView): { message: string; fix?: string } {
  const params = error.params ?? {}
  const variant = typeof params.variant === 'string' ? `${error.code}_${params.variant}` : error.code
  if (currentLocale() === 'en' || !has(variant)) return { message: error.message, fix: error.fix }
  const values = {
    ...params,
    qr: '`openclaw qr`',
    command: '`openclaw config get gateway.auth.token`',
    joinCode: '`openclaw devices join-code`',
    connect: '`openclaw connect`',
    time: typeof params.expiresAtMs === 'number' ? formatTime(params.expiresAtMs) : '',
    ws: params.scheme === 'https:' ? 'wss' : 'ws',
  }
  const isOnScreenExpiry = error.code === 'expired' && params.expiresAtMs === undefined
  const message = translate(TEXT, isOnScreenExpiry ? 'expiredOnScreen' : variant, values)
  const fixKey = `${variant}Fix`
  if (!error.fix) return { message }
  if (has(fixKey)) return { message, fix: translate(TEXT, fixKey, values) }
  if (isOnScreenExpiry) return { message, fix: translate(TEXT, 'newCode', values) }
  return { message, fix: RERUN_QR_CODES.has(variant) ? translate(TEXT, 'rerunQr', values) : undefined }
}
