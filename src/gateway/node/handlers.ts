/** Every command this browser implements, wired to the browser features it needs. */
import type { NodeBrowserApis } from './browserApis'
import { cameraListHandler, cameraSnapHandler } from './camera'
import { deviceInfoHandler, type DeviceInfoOptions } from './deviceInfo'
import { deviceStatusHandler } from './deviceStatus'
import type { AskConsent } from './consentAsk'
import type { ConsentKind } from './consentPolicy'
import type { CommandHandler } from './handler'
import { locationHandler } from './location'
import type { NodeCommand } from './nodeCommands'
import { notifyHandler, type NotifyOptions } from './notify'

export type HandlerOptions = DeviceInfoOptions &
  NotifyOptions & {
    askConsent: AskConsent
    /** The camera or the location went on (true) or off (false): the app shows an indicator meanwhile. */
    onSensorInUse?(kind: ConsentKind, isInUse: boolean): void
  }

export function createNodeHandlers(apis: NodeBrowserApis, options: HandlerOptions): Record<NodeCommand, CommandHandler> {
  return {
    'device.info': deviceInfoHandler(apis, options),
    'device.status': deviceStatusHandler(apis),
    'location.get': locationHandler(apis, {
      askConsent: options.askConsent,
      onLocationInUse: (isInUse) => options.onSensorInUse?.('location', isInUse),
    }),
    'system.notify': notifyHandler(apis, options),
    'camera.list': cameraListHandler(apis),
    'camera.snap': cameraSnapHandler(apis, {
      askConsent: options.askConsent,
      onCameraInUse: (isInUse) => options.onSensorInUse?.('camera', isInUse),
    }),
  }
}
