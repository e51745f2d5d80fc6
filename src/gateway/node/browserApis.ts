/**
 * The browser features the node commands use, behind small interfaces so each handler can be
 * tested with fakes: a missing feature is `undefined`, never a throw at import time.
 * `browserNodeApis()` wires them to the real browser; it touches no global until it is called.
 */
export type PermissionName = 'geolocation' | 'notifications' | 'camera'
export type PermissionStatus = 'granted' | 'denied' | 'prompt' | 'unknown'

export type EnvironmentFacts = {
  userAgent: string
  /** navigator.userAgentData where the browser has it (Chromium). */
  brands?: Array<{ brand: string; version: string }>
  platform?: string
  mobile?: boolean
  language: string
  languages: string[]
  timeZone?: string
  screen?: { width: number; height: number; pixelRatio: number; orientation?: string }
  hardwareConcurrency?: number
  deviceMemoryGb?: number
  /** Running as an installed app (display-mode: standalone). */
  isInstalled: boolean
}

export type BatteryFacts = { level: number; charging: boolean; chargingTimeS: number | null; dischargingTimeS: number | null }
export type NetworkFacts = { online: boolean; effectiveType?: string; type?: string; downlinkMbps?: number; rttMs?: number; saveData?: boolean }

/** The subset of the Geolocation API location.get uses. */
export interface GeolocationApi {
  getCurrentPosition(
    success: (position: GeoPosition) => void,
    failure: (error: { code: number; message: string }) => void,
    options: { enableHighAccuracy: boolean; timeout: number; maximumAge: number },
  ): void
}
export type GeoPosition = {
  coords: { latitude: number; longitude: number; accuracy: number; altitude: number | null; speed: number | null; heading: number | null }
  timestamp: number
}

export type NotificationPermissionState = 'granted' | 'denied' | 'default'
export interface NotificationApi {
  permission(): NotificationPermissionState
  /** Must be called from a user gesture in most browsers: only the app's "Allow" button does. */
  requestPermission(): Promise<NotificationPermissionState>
  show(title: string, options: { body?: string; silent?: boolean; requireInteraction?: boolean; tag?: string }): Promise<void>
}

export type VideoInput = { deviceId: string; label: string }
/** One captured still, kept until `close()`; it can be encoded several times at different sizes. */
export interface CameraStill {
  readonly width: number
  readonly height: number
  toJpeg(width: number, quality: number): Promise<Uint8Array>
  close(): void
}
/**
 * A camera turned on for one request: its live stream feeds the consent sheet's preview, and a
 * still is taken from it only once the user allows. `close()` turns the camera off (idempotent).
 */
export interface CameraSession {
  readonly preview: MediaStream
  still(delayMs: number, signal: AbortSignal): Promise<CameraStill>
  close(): void
}
export interface CameraApi {
  listVideoInputs(): Promise<VideoInput[]>
  open(options: { deviceId?: string; facing?: 'front' | 'back'; signal: AbortSignal }): Promise<CameraSession>
}

export interface NodeBrowserApis {
  environment(): EnvironmentFacts
  isVisible(): boolean
  /** Calls back when the app leaves the screen; returns the unsubscribe. */
  onHidden?(listener: () => void): () => void
  battery?: () => Promise<BatteryFacts>
  network(): NetworkFacts
  geolocation?: GeolocationApi
  permission(name: PermissionName): Promise<PermissionStatus>
  notifications?: NotificationApi
  camera?: CameraApi
}

type UserAgentData = { brands?: Array<{ brand: string; version: string }>; platform?: string; mobile?: boolean }
type BatteryManagerLike = { level: number; charging: boolean; chargingTime: number; dischargingTime: number }
type ConnectionLike = { effectiveType?: string; type?: string; downlink?: number; rtt?: number; saveData?: boolean }

const finiteOrNull = (value: number) => (Number.isFinite(value) ? value : null)

function environmentFacts(): EnvironmentFacts {
  const nav = navigator as Navigator & { userAgentData?: UserAgentData; deviceMemory?: number }
  const data = nav.userAgentData
  const display = globalThis.screen
  return {
    userAgent: nav.userAgent,
    ...(data?.brands ? { brands: data.brands.map(({ brand, version }) => ({ brand, version })) } : {}),
    ...(data?.platform ? { platform: data.platform } : {}),
    ...(data?.mobile !== undefined ? { mobile: data.mobile } : {}),
    language: nav.language,
    languages: [...(nav.languages ?? [nav.language])],
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    ...(display
      ? {
          screen: {
            width: display.width,
            height: display.height,
            pixelRatio: globalThis.devicePixelRatio ?? 1,
            ...(display.orientation?.type ? { orientation: display.orientation.type } : {}),
          },
        }
      : {}),
    ...(nav.hardwareConcurrency ? { hardwareConcurrency: nav.hardwareConcurrency } : {}),
    ...(nav.deviceMemory ? { deviceMemoryGb: nav.deviceMemory } : {}),
    isInstalled: globalThis.matchMedia?.('(display-mode: standalone)').matches ?? false,
  }
}

function notificationApi(): NotificationApi | undefined {
  if (typeof Notification === 'undefined') return undefined
  return {
    permission: () => Notification.permission,
    requestPermission: () => Notification.requestPermission(),
    async show(title, options) {
      try {
        new Notification(title, options)
      } catch (error) {
        // NOTE: Chrome on Android has no Notification constructor ("Illegal constructor"); only a
        // service worker registration can show one there.
        const registration = await navigator.serviceWorker?.getRegistration()
        if (!registration) throw error
        await registration.showNotification(title, options)
      }
    },
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true })
  })

async function openCamera(options: Parameters<CameraApi['open']>[0]): Promise<CameraSession> {
  const video: MediaTrackConstraints | boolean = options.deviceId
    ? { deviceId: { exact: options.deviceId } }
    : options.facing
      ? { facingMode: { ideal: options.facing === 'back' ? 'environment' : 'user' } }
      : true
  const stream = await navigator.mediaDevices.getUserMedia({ video, audio: false })
  const element = document.createElement('video')
  const close = () => {
    for (const track of stream.getTracks()) track.stop()
    element.srcObject = null
  }
  options.signal.addEventListener('abort', close, { once: true })
  if (options.signal.aborted) close()
  return {
    preview: stream,
    close,
    async still(delayMs, signal) {
      element.muted = true
      element.playsInline = true
      element.srcObject = stream
      await element.play()
      if (delayMs > 0) await sleep(delayMs, signal)
      while (element.videoWidth === 0 || element.readyState < 2) await sleep(20, signal)
      const frame = document.createElement('canvas')
      frame.width = element.videoWidth
      frame.height = element.videoHeight
      frame.getContext('2d')?.drawImage(element, 0, 0)
      close()
      return {
        width: frame.width,
        height: frame.height,
        async toJpeg(width, quality) {
          const scaled = document.createElement('canvas')
          scaled.width = width
          scaled.height = Math.max(1, Math.round((frame.height * width) / frame.width))
          scaled.getContext('2d')?.drawImage(frame, 0, 0, scaled.width, scaled.height)
          const blob = await new Promise<Blob | null>((resolve) => scaled.toBlob(resolve, 'image/jpeg', quality))
          if (!blob) throw new Error('the browser could not encode a JPEG')
          return new Uint8Array(await blob.arrayBuffer())
        },
        close: () => {
          frame.width = 0
        },
      }
    },
  }
}

function cameraApi(): CameraApi | undefined {
  const devices = globalThis.navigator?.mediaDevices
  if (!devices?.getUserMedia || !devices.enumerateDevices) return undefined
  return {
    async listVideoInputs() {
      const all = await devices.enumerateDevices()
      return all.filter((device) => device.kind === 'videoinput').map(({ deviceId, label }) => ({ deviceId, label }))
    },
    open: openCamera,
  }
}

/** The real browser. Call it where the APIs are used; under Node it reports every feature as missing. */
export function browserNodeApis(): NodeBrowserApis {
  if (typeof navigator === 'undefined' || typeof document === 'undefined') {
    return {
      environment: () => ({ userAgent: '', language: 'en', languages: [], isInstalled: false }),
      isVisible: () => true,
      network: () => ({ online: true }),
      permission: async () => 'unknown',
    }
  }
  const nav = navigator as Navigator & { getBattery?: () => Promise<BatteryManagerLike>; connection?: ConnectionLike }
  const notifications = notificationApi()
  const camera = cameraApi()
  return {
    environment: environmentFacts,
    isVisible: () => document.visibilityState !== 'hidden',
    onHidden(listener) {
      const onChange = () => document.visibilityState === 'hidden' && listener()
      document.addEventListener('visibilitychange', onChange)
      return () => document.removeEventListener('visibilitychange', onChange)
    },
    ...(nav.getBattery
      ? {
          battery: async () => {
            const battery = await nav.getBattery!()
            return {
              level: battery.level,
              charging: battery.charging,
              chargingTimeS: finiteOrNull(battery.chargingTime),
              dischargingTimeS: finiteOrNull(battery.dischargingTime),
            }
          },
        }
      : {}),
    network: () => {
      const connection = nav.connection
      return {
        online: nav.onLine !== false,
        ...(connection?.effectiveType ? { effectiveType: connection.effectiveType } : {}),
        ...(connection?.type ? { type: connection.type } : {}),
        ...(connection?.downlink !== undefined ? { downlinkMbps: connection.downlink } : {}),
        ...(connection?.rtt !== undefined ? { rttMs: connection.rtt } : {}),
        ...(connection?.saveData !== undefined ? { saveData: connection.saveData } : {}),
      }
    },
    ...(nav.geolocation ? { geolocation: nav.geolocation as GeolocationApi } : {}),
    async permission(name) {
      try {
        const status = await nav.permissions?.query({ name: name as globalThis.PermissionName })
        return status?.state ?? 'unknown'
      } catch {
        return 'unknown' // Firefox and Safari do not know every name
      }
    },
    ...(notifications ? { notifications } : {}),
    ...(camera ? { camera } : {}),
  }
}
