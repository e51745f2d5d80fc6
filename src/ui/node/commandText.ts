/** How the node screens name each command and what the agent did, in the user's words. */
import type { InvocationEntry } from '../../store'

type CommandText = { label: string; detail: string; asked: string }

export const COMMAND_TEXT: Record<string, CommandText> = {
  'device.info': { label: 'Device facts', detail: 'Browser, system, screen, language and app version.', asked: 'asked for this device’s facts' },
  'device.status': { label: 'Device status', detail: 'Battery, network, and whether the app is on screen.', asked: 'asked for this device’s status' },
  'location.get': { label: 'Location', detail: 'Where this device is, when the agent asks. The browser asks you first.', asked: 'asked for your location' },
  'system.notify': { label: 'Notifications', detail: 'Messages from the agent as notifications on this device.', asked: 'sent you a notification' },
  'camera.list': { label: 'Camera list', detail: 'Which cameras this device has.', asked: 'asked which cameras this device has' },
  'camera.snap': { label: 'Camera photos', detail: 'A photo from this device’s camera, only while the app is open.', asked: 'took a photo with your camera' },
}

export const commandText = (command: string): CommandText => COMMAND_TEXT[command] ?? { label: command, detail: '', asked: `asked for ${command}` }

const SWITCHED_OFF_CODES = new Set(['LOCATION_DISABLED', 'CAMERA_DISABLED'])

export function formatTime(atMs: number): string {
  return new Date(atMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
}

/** "The agent asked for your location at 14:02 — sent". */
export function describeInvocation(entry: InvocationEntry): string {
  const start = `The agent ${commandText(entry.command).asked} at ${formatTime(entry.atMs)}`
  switch (entry.state) {
    case 'running':
      return `${start} — working on it…`
    case 'sent':
      return `${start} — sent`
    case 'failed': {
      const switchedOff = SWITCHED_OFF_CODES.has(entry.code ?? '') || entry.message?.includes('switched off')
      if (switchedOff) return `${start} — not sent: switched off on this device`
      return `${start} — not sent: ${entry.message ?? 'it failed'} (${entry.code ?? 'ERROR'})`
    }
  }
}
