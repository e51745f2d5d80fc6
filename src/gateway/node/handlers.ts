/** Every command this browser implements, wired to the browser features it needs. */
import type { NodeBrowserApis } from './browserApis'
import { cameraListHandler, cameraSnapHandler } from './camera'
import { deviceInfoHandler, type DeviceInfoOptions } from './deviceInfo'
import { deviceStatusHandler } from './deviceStatus'
import type { CommandHandler } from './handler'
import { locationHandler } from './location'
import type { NodeCommand } from './nodeCommands'
import { notifyHandler, type NotifyOptions } from './notify'

export type HandlerOptions = DeviceInfoOptions & NotifyOptions

export function createNodeHandlers(apis: NodeBrowserApis, options: HandlerOptions): Record<NodeCommand, CommandHandler> {
  return {
    'device.info': deviceInfoHandler(apis, options),
    'device.status': deviceStatusHandler(apis),
    'location.get': locationHandler(apis),
    'system.notify': notifyHandler(apis, options),
    'camera.list': cameraListHandler(apis),
    'camera.snap': cameraSnapHandler(apis),
  }
}
