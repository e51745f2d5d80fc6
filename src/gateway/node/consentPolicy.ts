/**
 * When the node may use the camera or the location, as pure decisions (no browser, no store):
 * - the camera and location commands are opt-in: off until the user switches them on for that
 *   gateway (a record saved before the opt-in existed has no `nodeCommandsOn`, so they read as off);
 * - once on, each request still needs the user's answer on a consent sheet: a photo is allowed once
 *   at a time, a location once or for an hour; an unanswered sheet is a denial, given before the
 *   gateway's invocation deadline so the agent hears why;
 * - they run only while the app is on screen and that gateway's node link is the live one.
 * Everything else (device facts, notifications, the camera list) stays on unless switched off.
 */
import { NodeErrorCode } from './nodeErrors'

/** User-visible text made here (the agent's notifications carry it); error messages are for the agent, not translated. */
const TEXT = {
  fromAgent: (gatewayLabel: string) => `Agent on ${gatewayLabel}`,
} as const

/** Commands that look or locate: off until the user opts in (camera.clip is not offered, but would be). */
export const OPT_IN_COMMANDS: ReadonlySet<string> = new Set(['camera.snap', 'camera.clip', 'location.get'])

export type ConsentKind = 'camera' | 'location'

/** Which consent sheet a command needs, if any. */
export function consentKindOf(command: string): ConsentKind | null {
  if (command === 'camera.snap' || command === 'camera.clip') return 'camera'
  if (command === 'location.get') return 'location'
  return null
}

/** The per-gateway switches as saved in its record. */
export type CommandSwitches = { nodeCommandsOff?: readonly string[] | undefined; nodeCommandsOn?: readonly string[] | undefined }

/** Opt-in commands need an explicit "on"; the others run unless switched off. */
export function isCommandSwitchedOn(switches: CommandSwitches, command: string): boolean {
  if (OPT_IN_COMMANDS.has(command)) return (switches.nodeCommandsOn ?? []).includes(command)
  return !(switches.nodeCommandsOff ?? []).includes(command)
}

/** The switches after the user flips one (each list kept sorted and free of the other's entry). */
export function withCommandSwitch(
  switches: CommandSwitches,
  command: string,
  isOn: boolean,
): Required<{ nodeCommandsOff: string[]; nodeCommandsOn: string[] }> {
  const off = new Set(switches.nodeCommandsOff ?? [])
  const on = new Set(switches.nodeCommandsOn ?? [])
  if (isOn) {
    off.delete(command)
    if (OPT_IN_COMMANDS.has(command)) on.add(command)
  } else {
    on.delete(command)
    off.add(command)
  }
  return { nodeCommandsOff: [...off].sort(), nodeCommandsOn: [...on].sort() }
}

/**
 * How the user answered a consent sheet: "unanswered" when the sheet timed out, the app was hidden or
 * the link went; "grant" when an earlier "Allow for 1 hour" still covered the request (no sheet).
 */
export type ConsentAnswer = 'allow-once' | 'allow-hour' | 'grant' | 'deny' | 'unanswered'

/** "Allow for 1 hour" on a location request. */
export const LOCATION_GRANT_MS = 60 * 60 * 1000

/** A location grant still covers a request at `nowMs`. */
export const isGrantLive = (grantUntilMs: number | undefined, nowMs: number) => grantUntilMs !== undefined && nowMs < grantUntilMs

/** The end of the grant an answer gives, if any. */
export const grantUntil = (answer: ConsentAnswer, nowMs: number): number | undefined => (answer === 'allow-hour' ? nowMs + LOCATION_GRANT_MS : undefined)

export const isAllowed = (answer: ConsentAnswer) => answer === 'allow-once' || answer === 'allow-hour' || answer === 'grant'

/**
 * Time kept back from the invocation's remaining time once the user allows: the camera still has to
 * take and encode the photo (the location to get a fix), and the answer to travel. So an unanswered
 * sheet is closed, and denied, this long before the gateway would time the call out.
 */
export const AFTER_CONSENT_RESERVE_MS: Record<ConsentKind, number> = { camera: 3_000, location: 2_000 }

/** How long the sheet may wait for the user, out of the `remainingMs` the dispatcher reports. */
export function consentWaitMs(kind: ConsentKind, remainingMs: number): number {
  return Math.max(0, remainingMs - AFTER_CONSENT_RESERVE_MS[kind])
}

/** The situation an opt-in command arrives in. */
export type ConsentSituation = {
  isSwitchedOn: boolean
  /** The app is on screen (document not hidden). */
  isVisible: boolean
  /** This gateway's node link is the one this tab runs. */
  isNodeActive: boolean
  /** Until when an earlier "Allow for 1 hour" covers location requests. */
  grantUntilMs?: number | undefined
  nowMs: number
}

/** An error this node ends an invocation with, by its documented code. */
export type NodeError = { code: NodeErrorCode; message: string }

export type ConsentDecision = { kind: 'refuse'; error: NodeError } | { kind: 'ask' } | { kind: 'granted' }

export const CONSENT_ERRORS = {
  cameraOff: { code: NodeErrorCode.CameraDisabled, message: 'the camera is switched off for this gateway in the companion app; the user has to switch it on' },
  locationOff: {
    code: NodeErrorCode.LocationDisabled,
    message: 'location sharing is switched off for this gateway in the companion app; the user has to switch it on',
  },
  background: { code: NodeErrorCode.Background, message: 'command requires foreground: the companion app is not on screen' },
  inactive: { code: NodeErrorCode.Background, message: 'this gateway’s node is not active in the open companion app' },
  cameraDenied: { code: NodeErrorCode.CameraDenied, message: 'the user declined to take a photo' },
  cameraUnanswered: { code: NodeErrorCode.CameraDenied, message: 'the user did not allow a photo in time' },
  locationDenied: { code: NodeErrorCode.LocationDenied, message: 'the user declined to share the location' },
  locationUnanswered: { code: NodeErrorCode.LocationDenied, message: 'the user did not allow sharing the location in time' },
} as const satisfies Record<string, NodeError>

/** Whether an opt-in request is refused at once, needs the sheet, or is covered by a live grant. */
export function decideConsent(kind: ConsentKind, situation: ConsentSituation): ConsentDecision {
  if (!situation.isSwitchedOn) return { kind: 'refuse', error: kind === 'camera' ? CONSENT_ERRORS.cameraOff : CONSENT_ERRORS.locationOff }
  if (!situation.isVisible) return { kind: 'refuse', error: CONSENT_ERRORS.background }
  if (!situation.isNodeActive) return { kind: 'refuse', error: CONSENT_ERRORS.inactive }
  if (kind === 'location' && isGrantLive(situation.grantUntilMs, situation.nowMs)) return { kind: 'granted' }
  return { kind: 'ask' }
}

/** The error a refused sheet ends the invocation with. */
export function refusalError(kind: ConsentKind, answer: ConsentAnswer): NodeError {
  if (kind === 'camera') return answer === 'deny' ? CONSENT_ERRORS.cameraDenied : CONSENT_ERRORS.cameraUnanswered
  return answer === 'deny' ? CONSENT_ERRORS.locationDenied : CONSENT_ERRORS.locationUnanswered
}

/** `system.notify` text is capped, and marked as the agent's so it cannot pass for the app or the system. */
export const NOTIFY_TITLE_MAX = 80
export const NOTIFY_BODY_MAX = 280

const cap = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text)

export function markedNotification(request: { title: string; body: string }, gatewayLabel: string): { title: string; body: string } {
  const from = TEXT.fromAgent(gatewayLabel)
  // NOTE: control and bidi characters could make the text pretend to be something else; they go (a line break stays).
  const clean = (text: string) => text.replace(/(?:(?!\n)[\p{Cc}\p{Cf}])+/gu, ' ').trim()
  const title = cap(clean(request.title), NOTIFY_TITLE_MAX)
  return { title: title ? `${from}: ${title}` : from, body: cap(clean(request.body), NOTIFY_BODY_MAX) }
}
