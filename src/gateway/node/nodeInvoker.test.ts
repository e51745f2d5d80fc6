// @vitest-environment node
import { describe, expect, it } from 'vitest'
import type { EventFrame } from '../protocol'
import { InvokeDispatcher } from './dispatcher'
import { attachNodeInvoker, type InvokeTransport } from './nodeInvoker'

function transport() {
  const listeners = new Set<(event: EventFrame) => void>()
  const sent: Array<{ method: string; params: unknown }> = []
  let answered: () => void = () => {}
  const t: InvokeTransport & { emit(event: string, payload: unknown): void; next(): Promise<void> } = {
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async request(method, params) {
      sent.push({ method, params })
      answered()
      return { ok: true }
    },
    emit(event, payload) {
      for (const listener of listeners) listener({ type: 'event', event, payload })
    },
    next: () => new Promise<void>((resolve) => (answered = resolve)),
  }
  return { t, sent }
}

describe('attachNodeInvoker', () => {
  it('answers node.invoke.request with exactly the closed node.invoke.result params', async () => {
    const { t, sent } = transport()
    const dispatcher = new InvokeDispatcher({ handlers: { 'device.info': async () => ({ deviceName: 'x' }) }, isEnabled: () => true })
    attachNodeInvoker(t, dispatcher)
    const answered = t.next()
    t.emit('node.invoke.request', { id: 'inv-1', nodeId: 'dev-1', command: 'device.info', paramsJSON: null, timeoutMs: 15_000, idempotencyKey: 'k' })
    await answered
    expect(sent).toEqual([{ method: 'node.invoke.result', params: { id: 'inv-1', nodeId: 'dev-1', ok: true, payload: { deviceName: 'x' } } }])
  })

  it('answers failures with {code, message} and nothing else', async () => {
    const { t, sent } = transport()
    attachNodeInvoker(t, new InvokeDispatcher({ handlers: {}, isEnabled: () => true }))
    const answered = t.next()
    t.emit('node.invoke.request', { id: 'inv-2', nodeId: 'dev-1', command: 'sms.send', paramsJSON: '{}' })
    await answered
    expect(sent[0]?.params).toEqual({ id: 'inv-2', nodeId: 'dev-1', ok: false, error: { code: 'UNAVAILABLE', message: 'command not supported' } })
  })

  it('leads a specific code’s message with the code (the CLI prints only the message on some paths)', async () => {
    const { t, sent } = transport()
    const dispatcher = new InvokeDispatcher({ handlers: { 'location.get': async () => ({}) }, isEnabled: () => false })
    attachNodeInvoker(t, dispatcher)
    const answered = t.next()
    t.emit('node.invoke.request', { id: 'inv-4', nodeId: 'dev-1', command: 'location.get', paramsJSON: '{}' })
    await answered
    expect(sent[0]?.params).toEqual({
      id: 'inv-4',
      nodeId: 'dev-1',
      ok: false,
      error: {
        code: 'LOCATION_DISABLED',
        message: 'LOCATION_DISABLED: location sharing is switched off for this gateway in the companion app; the user has to switch it on',
      },
    })
  })

  it('ignores other events and reports requests it cannot read', () => {
    const { t, sent } = transport()
    const malformed: string[] = []
    attachNodeInvoker(t, new InvokeDispatcher({ handlers: {}, isEnabled: () => true }), { onMalformed: (event) => malformed.push(event) })
    t.emit('tick', { ts: 1 })
    t.emit('node.invoke.request', { command: 'device.info' })
    expect(sent).toEqual([])
    expect(malformed).toEqual(['node.invoke.request'])
  })

  it('node.invoke.cancel aborts the invocation', async () => {
    const { t } = transport()
    let signal: AbortSignal | undefined
    const dispatcher = new InvokeDispatcher({
      handlers: { 'camera.snap': (_p, context) => ((signal = context.signal), new Promise(() => {})) },
      isEnabled: () => true,
    })
    attachNodeInvoker(t, dispatcher)
    t.emit('node.invoke.request', { id: 'inv-3', nodeId: 'dev-1', command: 'camera.snap', paramsJSON: '{}' })
    await new Promise((resolve) => setImmediate(resolve))
    t.emit('node.invoke.cancel', { invokeId: 'inv-3', nodeId: 'dev-1' })
    expect(signal?.aborted).toBe(true)
  })
})
