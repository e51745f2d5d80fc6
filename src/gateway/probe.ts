/**
 * Finds which of a gateway's candidate URLs answers: a setup code may list several, and a typed
 * `wss://host:18789` behind Tailscale Serve only works without the port. A URL answers when the
 * gateway's first frame (`connect.challenge`) arrives; nothing is sent on the probe socket.
 */
import type { SocketFactory } from './gatewaySocket'
import { EventFrame } from './protocol'

export const PROBE_TIMEOUT_MS = 5_000

export type ProbeResult = { ok: true; url: string } | { ok: false; tried: string[] }

function probeOne(url: string, socketFactory: SocketFactory, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false
    let ws: ReturnType<SocketFactory>
    const finish = (answered: boolean) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      try {
        ws.close(1000, 'probe')
      } catch {
        // never opened
      }
      resolve(answered)
    }
    const timer = setTimeout(() => finish(false), timeoutMs)
    try {
      ws = socketFactory(url)
    } catch {
      finish(false)
      return
    }
    ws.onmessage = (event) => {
      try {
        const frame = EventFrame.safeParse(JSON.parse(String(event.data)))
        finish(frame.success && frame.data.event === 'connect.challenge')
      } catch {
        finish(false)
      }
    }
    ws.onclose = () => finish(false)
    ws.onerror = () => finish(false)
  })
}

/** Tries each URL in order and returns the first one a gateway answers on. */
export async function probeGatewayUrls(
  urls: readonly string[],
  socketFactory: SocketFactory = (url) => new WebSocket(url) as unknown as ReturnType<SocketFactory>,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<ProbeResult> {
  for (const url of urls) {
    if (await probeOne(url, socketFactory, timeoutMs)) return { ok: true, url }
  }
  return { ok: false, tried: [...urls] }
}
