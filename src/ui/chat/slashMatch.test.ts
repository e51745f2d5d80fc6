import { describe, expect, it } from 'vitest'
import type { SlashCommand } from '../../store'
import { argumentHint, matchSlash } from './slashMatch'

const command = (name: string, fields: Partial<SlashCommand> = {}): SlashCommand => ({
  command: name,
  description: `${name} does it`,
  acceptsArgs: false,
  args: [],
  ...fields,
})
const COMMANDS = [
  command('/help'),
  command('/think', { acceptsArgs: true, args: [{ name: 'level', required: true, choices: ['off', 'low', 'medium', 'high'] }] }),
  command('/tools', { acceptsArgs: true, args: [{ name: 'mode', required: false, choices: [] }] }),
  command('/status', { acceptsArgs: true }),
  command('/goal', {
    acceptsArgs: true,
    args: [
      { name: 'action', required: false, choices: ['status'] },
      { name: 'text', required: false, choices: [] },
    ],
  }),
]
const values = (draft: string) => matchSlash(draft, COMMANDS).options.map((option) => option.value)

describe('matchSlash', () => {
  it('offers nothing for a draft that is not a command', () => {
    expect(matchSlash('hello /think', COMMANDS)).toEqual({ options: [], hint: null })
    expect(matchSlash('/think\nmore', COMMANDS)).toEqual({ options: [], hint: null })
  })

  it('lists every command for a bare slash, names starting with the typed words first, then containing them', () => {
    expect(values('/')).toEqual(['/help', '/think ', '/tools ', '/status ', '/goal '])
    expect(values('/t')).toEqual(['/think ', '/tools ', '/status '])
    expect(values('/TH')).toEqual(['/think '])
    expect(values('/xyz')).toEqual([])
  })

  it('labels each with its argument hint: <required>, [optional]', () => {
    const [think] = matchSlash('/th', COMMANDS).options
    expect(think).toMatchObject({ label: '/think <level>', detail: '/think does it' })
    expect(argumentHint(COMMANDS[4]!)).toBe('[action] [text]')
  })

  it('after a command and a space: its hint, and the first argument’s choices as typed', () => {
    expect(matchSlash('/think ', COMMANDS)).toMatchObject({ hint: '<level>' })
    expect(values('/think ')).toEqual(['/think off', '/think low', '/think medium', '/think high'])
    expect(values('/think l')).toEqual(['/think low'])
    // Typed in full: nothing left to offer, the hint stays.
    expect(matchSlash('/think low', COMMANDS)).toEqual({ options: [], hint: '<level>' })
    // Past the first argument: the hint only.
    expect(matchSlash('/goal status more', COMMANDS)).toEqual({ options: [], hint: '[action] [text]' })
    expect(matchSlash('/unknown x', COMMANDS)).toEqual({ options: [], hint: null })
  })

  it('shows at most 6 commands', () => {
    const many = Array.from({ length: 20 }, (_, i) => command(`/c${i}`))
    expect(matchSlash('/c', many).options).toHaveLength(6)
  })
})
