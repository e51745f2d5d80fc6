export const PairingErrorCode = {
  empty: 'empty',
  too_long: 'too_long',
  control_characters: 'control_characters',
  not_setup_code: 'not_setup_code',
  not_json: 'not_json',
  wrong_shape: 'wrong_shape',
  missing_url: 'missing_url',
  missing_token: 'missing_token',
  wrong_types: 'wrong_types',
  bad_token: 'bad_token',
  bad_url: 'bad_url',
  bad_scheme: 'bad_scheme',
  insecure_public: 'insecure_public',
  mixed_content: 'mixed_content',
  expired: 'expired',
  absurd_expiry: 'absurd_expiry',
  too_many_urls: 'too_many_urls',
  no_qr_in_image: 'no_qr_in_image',
  camera_denied: 'camera_denied',
  camera_missing: 'camera_missing',
  camera_insecure: 'camera_insecure',
  camera_unavailable: 'camera_unavailable',
  decoder_unavailable: 'decoder_unavailable',
  join_link: 'join_link',
  bad_link: 'bad_link',
  bad_fingerprint: 'bad_fingerprint',
} as const

export type PairingErrorCode = (typeof PairingErrorCode)[keyof typeof PairingErrorCode]

export class PairingError extends Error {
  override name = 'PairingError'

  constructor(
    readonly code: PairingErrorCode,
    message: string,
    readonly fix?: string,
    /** What a translation needs besides the code: the variant (`variant`) and language-neutral values. */
    readonly params: Record<string, string | number> = {},
  ) {
    super(message)
  }
}

export function isPairingErrorCode(value: unknown): value is PairingErrorCode {
  return typeof value === 'string' && Object.hasOwn(PairingErrorCode, value)
}

const RERUN_QR = 'Run `openclaw qr` on the gateway machine again and scan or paste the new code.'
const SERVE_WSS = 'Serve the gateway over wss:// (for example with Tailscale Serve) and create a new setup code with `openclaw qr`.'

/** What the user handed us: wording differs so that typed addresses are not called "codes". */
export type InputKind = 'setup code' | 'gateway address'

function subject(kind: InputKind): string {
  return kind === 'setup code' ? 'this setup code' : 'this address'
}

/** Formats the expiry so people can match it against the clock on the gateway terminal. */
export function formatExpiry(expiresAtMs: number, nowMs: number): string {
  const at = new Date(expiresAtMs)
  const time = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
  // A bare HH:MM is misleading for a code from another day, so add the date then.
  if (at.toDateString() === new Date(nowMs).toDateString()) return time
  return `${at.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })}, ${time}`
}

/*
 * Every user-facing message lives here so that wording stays consistent and the
 * "no two codes share a message" rule can be checked in one place.
 */
export const pairingErrors = {
  empty: (kind: InputKind = 'setup code') =>
    new PairingError(
      'empty',
      kind === 'setup code' ? 'Nothing was entered: the setup code is empty.' : 'Nothing was entered: the gateway address is empty.',
      kind === 'setup code' ? 'Paste the code printed by `openclaw qr`, or scan its QR code.' : undefined,
      { variant: kind === 'setup code' ? 'code' : 'address' },
    ),
  too_long: (kind: InputKind = 'setup code', limit = 4096) =>
    new PairingError(
      'too_long',
      `This text is too long to be a ${kind}: it has more than ${limit} characters.`,
      kind === 'setup code' ? 'Copy only the code printed by `openclaw qr`, nothing around it.' : undefined,
      { variant: kind === 'setup code' ? 'code' : 'address', limit },
    ),
  control_characters: (kind: InputKind = 'setup code') =>
    new PairingError(
      'control_characters',
      `This text contains invisible control or formatting characters, so it is not a valid ${kind}.`,
      kind === 'setup code' ? 'Copy the code again straight from the terminal, or scan the QR code instead.' : 'Type the address again by hand.',
      { variant: kind === 'setup code' ? 'code' : 'address' },
    ),
  not_setup_code: (detail: 'charset' | 'length' | 'empty_link' | 'looks_like_url' = 'charset') =>
    new PairingError(
      'not_setup_code',
      {
        charset: "This is not a setup code: setup codes contain only letters, digits, '-' and '_'.",
        length: 'This setup code is cut off or has extra characters, so it cannot be decoded.',
        empty_link: 'This oc-pair:// link has no setup code after it.',
        looks_like_url: 'This is a web address, not a setup code.',
      }[detail],
      detail === 'charset' || detail === 'length' ? 'Copy the whole code printed by `openclaw qr` again, or scan its QR code.' : RERUN_QR,
      { variant: detail },
    ),
  not_json: () =>
    new PairingError(
      'not_json',
      'This setup code is damaged: it decodes, but not to readable pairing details.',
      'It was probably mistyped or cut off. Copy it again, or scan the QR code.',
    ),
  wrong_shape: (found: string) =>
    new PairingError('wrong_shape', `This setup code holds the wrong kind of data: expected pairing details, found ${found}.`, RERUN_QR),
  missing_url: () => new PairingError('missing_url', 'This setup code does not say which gateway address to connect to.', RERUN_QR),
  missing_token: () => new PairingError('missing_token', 'This setup code has no bootstrap token, so it cannot be used to pair.', RERUN_QR),
  wrong_types: (field: string, expected: string, found: string) =>
    new PairingError('wrong_types', `The "${field}" field of this setup code has the wrong type: it should be ${expected}, but it is ${found}.`, RERUN_QR, {
      field,
    }),
  bad_token: () => new PairingError('bad_token', "This setup code's bootstrap token is malformed: it must be 16 to 512 letters, digits, '-' or '_'.", RERUN_QR),
  // Never echo the address itself: it may carry credentials.
  bad_url: (reason: string, label = 'The gateway address', kind: InputKind = 'setup code') =>
    new PairingError(
      'bad_url',
      `${label} is not valid: ${reason}.`,
      kind === 'setup code' ? RERUN_QR : 'Enter it as wss://host or wss://host:port, without anything after it.',
      { variant: kind === 'setup code' ? 'code' : 'address' },
    ),
  bad_scheme: (scheme: string, kind: InputKind = 'setup code', suggestion?: string) =>
    new PairingError(
      'bad_scheme',
      `Gateway addresses start with ws:// or wss://; ${subject(kind)} has ${scheme ? `"${scheme}"` : 'none'}.`,
      suggestion ?? (kind === 'setup code' ? RERUN_QR : 'Enter the address as wss://host or wss://host:port.'),
      { variant: suggestion ? 'web' : kind === 'setup code' ? 'code' : 'address', scheme: scheme || '—' },
    ),
  insecure_public: () =>
    new PairingError(
      'insecure_public',
      'This gateway address uses unencrypted ws:// to a public host, which would expose your pairing token on the internet, so it was refused.',
      SERVE_WSS,
    ),
  mixed_content: () =>
    new PairingError(
      'mixed_content',
      'This page was loaded over https, and browsers block unencrypted ws:// connections from secure pages to other machines (mixed content).',
      SERVE_WSS,
    ),
  expired: (expiresAtMs: number, nowMs: number) =>
    new PairingError('expired', `This setup code expired at ${formatExpiry(expiresAtMs, nowMs)}.`, RERUN_QR, {
      expiresAtMs,
    }),
  absurd_expiry: () =>
    new PairingError(
      'absurd_expiry',
      'This setup code has an impossible expiry time (setup codes are valid for about 10 minutes).',
      `${RERUN_QR} If this keeps happening, check the clock on the gateway machine.`,
    ),
  too_many_urls: (max = 8) => new PairingError('too_many_urls', `This setup code lists more than ${max} gateway addresses.`, RERUN_QR, { max }),
  no_qr_in_image: () =>
    new PairingError(
      'no_qr_in_image',
      'No QR code could be found in that image.',
      'Use a sharp, well-lit photo or screenshot that shows the whole QR code, or paste the setup code instead.',
    ),
  camera_denied: () =>
    new PairingError(
      'camera_denied',
      'Camera access was denied, so the QR code cannot be scanned.',
      "Allow the camera in the browser's site settings, or paste the setup code / upload a photo of the QR code instead.",
    ),
  camera_missing: () =>
    new PairingError('camera_missing', 'No usable camera was found on this device.', 'Paste the setup code or upload a photo of the QR code instead.'),
  camera_insecure: () =>
    new PairingError(
      'camera_insecure',
      'The camera is only available on pages opened over https:// or on localhost, and this page is not.',
      'Open this app over https://, or paste the setup code / upload a photo of the QR code instead.',
    ),
  camera_unavailable: () =>
    new PairingError(
      'camera_unavailable',
      'The camera could not be started; another app may be using it.',
      'Close other apps that use the camera and try again, or paste the setup code / upload a photo instead.',
    ),
  decoder_unavailable: () =>
    new PairingError(
      'decoder_unavailable',
      'The QR code reader could not be loaded, so nothing can be scanned or read from a photo right now.',
      'Reload the page (once online if the app was just updated), or paste the setup code instead.',
    ),
  // A join URL is fetched exactly once by whoever opens it, and that redeems it: nothing here ever sends anything to it.
  join_link: (variant: 'url' | 'code') =>
    new PairingError(
      'join_link',
      variant === 'url'
        ? 'This is a gateway join link (…/j/…) from `openclaw devices join-code`: it enrolls a headless node host with `openclaw connect`, and is not a setup code for this app. Nothing was sent to it.'
        : 'This looks like a join code from `openclaw devices join-code`: it enrolls a headless node host with `openclaw connect`, and is not a setup code for this app.',
      'On the gateway host, run `openclaw qr` and scan or paste the setup code it prints.',
      { variant },
    ),
  bad_link: (variant: 'not_gateway' | 'add' | 'no_host' | 'bad_port' | 'bad_tls' | 'duplicate' | 'no_secret' | 'malformed') =>
    new PairingError(
      'bad_link',
      {
        not_gateway: 'This openclaw:// link is not a gateway link, so it cannot pair this app.',
        add: 'This openclaw://gateway/add link names a gateway but carries no way to sign in to it.',
        no_host: 'This openclaw://gateway link does not say which host to connect to.',
        bad_port: 'The port in this openclaw://gateway link is not a number from 1 to 65535.',
        bad_tls: 'The tls setting in this openclaw://gateway link is neither 1 nor 0.',
        duplicate: 'This openclaw://gateway link names the same setting twice, so it is ambiguous and was refused.',
        no_secret: 'This openclaw://gateway link carries neither a token nor a password, so it cannot sign in.',
        malformed: 'This openclaw:// link is malformed.',
      }[variant],
      variant === 'add' || variant === 'no_secret'
        ? 'Run `openclaw qr` on that gateway and scan its code, or choose Enter manually with the gateway address and its token.'
        : RERUN_QR,
      { variant },
    ),
  bad_fingerprint: () =>
    new PairingError('bad_fingerprint', "This setup code's certificate fingerprint is not a SHA-256 fingerprint, so the code is damaged.", RERUN_QR),
} satisfies { [C in PairingErrorCode]: (...args: never[]) => PairingError }
