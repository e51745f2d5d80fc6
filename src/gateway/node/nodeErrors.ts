/**
 * Errors a command handler ends with. The codes are the gateway docs' stable node error codes
 * (docs/nodes/location-command.md, camera.md, troubleshooting.md); the gateway passes them on to
 * the caller as `UNAVAILABLE "<code>: <message>"` (nodes.helpers.ts).
 */
export const NodeErrorCode = {
  InvalidRequest: 'INVALID_REQUEST',
  Unavailable: 'UNAVAILABLE',
  Timeout: 'TIMEOUT',
  Background: 'NODE_BACKGROUND_UNAVAILABLE',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  LocationDisabled: 'LOCATION_DISABLED',
  LocationPermission: 'LOCATION_PERMISSION_REQUIRED',
  LocationTimeout: 'LOCATION_TIMEOUT',
  LocationUnavailable: 'LOCATION_UNAVAILABLE',
  CameraDisabled: 'CAMERA_DISABLED',
  CameraPermission: 'CAMERA_PERMISSION_REQUIRED',
  CameraUnavailable: 'CAMERA_UNAVAILABLE',
  /** The user declined (or left unanswered) the app's consent sheet, as exec approvals answer SYSTEM_RUN_DENIED. */
  CameraDenied: 'CAMERA_CONSENT_DENIED',
  LocationDenied: 'LOCATION_CONSENT_DENIED',
  NotificationsPermission: 'NOTIFICATIONS_PERMISSION_REQUIRED',
} as const
export type NodeErrorCode = (typeof NodeErrorCode)[keyof typeof NodeErrorCode]

export class NodeCommandError extends Error {
  override name = 'NodeCommandError'
  constructor(
    readonly code: NodeErrorCode,
    message: string,
  ) {
    super(message)
  }
}
