// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ANSWER_MARGIN_MS, InvokeDispatcher, parseParamsJson } from './dispatcher'
import type { CommandHandler } from './handler'
import { NodeCommandError } from './nodeErrors'
import type { NodeInvokeRequest } from './nodeProtocol'

afterEach(() => vi.useRealTimers())

const request = (command: string, overrides: Partial<NodeInvokeRequest> = {}): NodeInvokeRequest => ({
  id: `inv-${command}`,
  nodeId: 'node-1',
  command,
  paramsJSON: '{}',
  timeoutMs: 15_000,
  ...overrides,
})

function dispatcher(handlers: Record<string, CommandHandler>, disabled: string[] = []) {
  const events: string[] = []
  const d = new InvokeDispatcher({
    handlers,
    isEnabled: (command) => !disabled.includes(command),
    onStart: (start) => events.push(`start ${start.command}`),
    onEnd: (end) => events.push(`end ${end.command} ${end.outcome.ok ? 'ok' : end.outcome.error.code}`),
  })
  return { d, events }
}

describe('InvokeDispatcher', () => {
  it('runs the handler with the parsed params and answers its payload', async () => {
    const handler = vi.fn<CommandHandler>(async (params) => ({ echoed: params }))
    const { d, events } = dispatcher({ 'device.info': handler })
    await expect(d.handle(request('device.info', { paramsJSON: '{"a":1}' }))).resolves.toEqual({ ok: true, payload: { echoed: { a: 1 } } })
    expect(events).toEqual(['start device.info', 'end device.info ok'])
  })

  it('answers an unknown command with UNAVAILABLE "command not supported", as the node host does', async () => {
    const { d } = dispatcher({})
    await expect(d.handle(request('screen.record'))).resolves.toEqual({ ok: false, error: { code: 'UNAVAILABLE', message: 'command not supported' } })
  })

  it('answers a switched-off command with the documented code and never runs it', async () => {
    const handler = vi.fn<CommandHandler>(async () => ({}))
    const { d, events } = dispatcher({ 'location.get': handler, 'camera.snap': handler, 'device.info': handler }, [
      'location.get',
      'camera.snap',
      'device.info',
    ])
    await expect(d.handle(request('location.get'))).resolves.toMatchObject({ ok: false, error: { code: 'LOCATION_DISABLED' } })
    await expect(d.handle(request('camera.snap'))).resolves.toMatchObject({ ok: false, error: { code: 'CAMERA_DISABLED' } })
    await expect(d.handle(request('device.info'))).resolves.toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } })
    expect(handler).not.toHaveBeenCalled()
    expect(events).toContain('end location.get LOCATION_DISABLED')
  })

  it('answers bad paramsJSON with INVALID_REQUEST and treats null params as {}', async () => {
    const handler = vi.fn<CommandHandler>(async (params) => params)
    const { d } = dispatcher({ 'device.info': handler })
    await expect(d.handle(request('device.info', { paramsJSON: '{not json' }))).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } })
    await expect(d.handle(request('device.info', { paramsJSON: '[1,2]' }))).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } })
    await expect(d.handle(request('device.info', { paramsJSON: null }))).resolves.toEqual({ ok: true, payload: {} })
    expect(handler).toHaveBeenCalledTimes(1)
  })

  it('passes a handler’s NodeCommandError through and turns anything else into UNAVAILABLE', async () => {
    const { d } = dispatcher({
      'location.get': async () => {
        throw new NodeCommandError('LOCATION_PERMISSION_REQUIRED', 'denied')
      },
      'device.status': async () => {
        throw new TypeError('navigator.getBattery is not a function')
      },
    })
    await expect(d.handle(request('location.get'))).resolves.toEqual({ ok: false, error: { code: 'LOCATION_PERMISSION_REQUIRED', message: 'denied' } })
    await expect(d.handle(request('device.status'))).resolves.toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'navigator.getBattery is not a function' },
    })
  })

  it('answers a handler that never settles with TIMEOUT just before the invocation’s timeoutMs, and aborts it', async () => {
    vi.useFakeTimers()
    let signal: AbortSignal | undefined
    const { d } = dispatcher({
      'camera.snap': (_params, context) => {
        signal = context.signal
        return new Promise(() => {})
      },
    })
    let answer: unknown
    void d.handle(request('camera.snap', { timeoutMs: 4_000 })).then((outcome) => (answer = outcome))
    await vi.advanceTimersByTimeAsync(4_000 - ANSWER_MARGIN_MS - 1)
    expect(answer).toBeUndefined()
    await vi.advanceTimersByTimeAsync(1)
    expect(answer).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } })
    expect(signal?.aborted).toBe(true)
  })

  it('tells the handler how much time it has left', async () => {
    vi.useFakeTimers()
    const seen: number[] = []
    const { d } = dispatcher({
      'device.status': async (_params, context) => {
        seen.push(context.remainingMs())
        await new Promise((resolve) => setTimeout(resolve, 1_000))
        seen.push(context.remainingMs())
        return {}
      },
    })
    const done = d.handle(request('device.status', { timeoutMs: 10_000 }))
    await vi.advanceTimersByTimeAsync(1_000)
    await done
    expect(seen).toEqual([10_000 - ANSWER_MARGIN_MS, 9_000 - ANSWER_MARGIN_MS])
  })

  it('aborts a running invocation when the gateway cancels it', async () => {
    let signal: AbortSignal | undefined
    const { d } = dispatcher({
      'location.get': (_params, context) =>
        new Promise((_resolve, reject) => {
          signal = context.signal
          context.signal.addEventListener('abort', () => reject(context.signal.reason))
        }),
    })
    const answer = d.handle(request('location.get'))
    await Promise.resolve()
    await Promise.resolve()
    d.cancel('inv-location.get')
    expect(signal?.aborted).toBe(true)
    await expect(answer).resolves.toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: 'cancelled by the gateway' } })
  })
})

describe('parseParamsJson', () => {
  it.each([
    [undefined, {}],
    [null, {}],
    ['', {}],
    ['null', {}],
    ['{"x":true}', { x: true }],
  ])('reads %j as %j', (input, expected) => expect(parseParamsJson(input)).toEqual(expected))

  it.each(['42', '"text"', '[{}]', '{'])('refuses %j', (input) => expect(() => parseParamsJson(input)).toThrow())
})
