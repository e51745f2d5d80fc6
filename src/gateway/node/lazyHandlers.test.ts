import { describe, expect, it, vi } from 'vitest'
import type { CommandHandler } from './handler'
import { lazyNodeHandlers } from './lazyHandlers'
import { NODE_COMMANDS, type NodeCommand } from './nodeCommands'

const context = { signal: new AbortController().signal } as Parameters<CommandHandler>[1]

function realHandlers(): Record<NodeCommand, CommandHandler> {
  return Object.fromEntries(NODE_COMMANDS.map((command) => [command, vi.fn(async (params: Record<string, unknown>) => ({ command, params }))])) as unknown as Record<NodeCommand, CommandHandler>
}

describe('lazyNodeHandlers', () => {
  it('loads nothing until the first invocation, then loads once for every command', async () => {
    const real = realHandlers()
    const load = vi.fn(async () => real)
    const handlers = lazyNodeHandlers(load)
    expect(Object.keys(handlers).sort()).toEqual([...NODE_COMMANDS].sort())
    expect(load).not.toHaveBeenCalled()

    const [info, status] = await Promise.all([handlers['device.info']({ a: 1 }, context), handlers['device.status']({}, context)])
    expect(info).toEqual({ command: 'device.info', params: { a: 1 } })
    expect(status).toEqual({ command: 'device.status', params: {} })
    await handlers['location.get']({ timeoutMs: 5 }, context)
    expect(load).toHaveBeenCalledTimes(1)
    expect(real['location.get']).toHaveBeenCalledWith({ timeoutMs: 5 }, context)
  })

  it('fails the invocation when the chunk cannot load, and tries again on the next one', async () => {
    const real = realHandlers()
    const load = vi.fn<() => Promise<Record<NodeCommand, CommandHandler>>>().mockRejectedValueOnce(new Error('offline')).mockResolvedValue(real)
    const handlers = lazyNodeHandlers(load)
    await expect(handlers['camera.list']({}, context)).rejects.toThrow('offline')
    await expect(handlers['camera.list']({}, context)).resolves.toEqual({ command: 'camera.list', params: {} })
    expect(load).toHaveBeenCalledTimes(2)
  })
})
