/**
 * What the slash-command menu offers for a draft: the commands whose name starts with (then
 * contains) what follows the "/", or, once a command and a space are typed, that command's
 * argument hint and the choices of its first argument. Pure, so it is tested without a browser.
 */
import type { SlashCommand } from '../../store'

export type SlashOption = { id: string; value: string; label: string; detail: string }
export type SlashMatch = { options: SlashOption[]; hint: string | null }

/** No more than fit above a phone's keyboard: the list never scrolls (a scrolling list would need focus of its own). */
const MAX_OPTIONS = 6
const NONE: SlashMatch = { options: [], hint: null }

/** `<name>` for a required argument, `[name]` for an optional one. */
export const argumentHint = (command: SlashCommand) => command.args.map((arg) => (arg.required ? `<${arg.name}>` : `[${arg.name}]`)).join(' ')

export function matchSlash(draft: string, commands: readonly SlashCommand[]): SlashMatch {
  if (!draft.startsWith('/') || draft.includes('\n')) return NONE
  const space = draft.indexOf(' ')
  if (space === -1) {
    const typed = draft.toLowerCase()
    const starts = commands.filter((command) => command.command.toLowerCase().startsWith(typed))
    const contains = commands.filter((command) => !starts.includes(command) && command.command.toLowerCase().includes(typed.slice(1)))
    const options = [...starts, ...contains].slice(0, MAX_OPTIONS).map((command) => ({
      id: command.command,
      value: command.acceptsArgs ? `${command.command} ` : command.command,
      label: [command.command, argumentHint(command)].filter(Boolean).join(' '),
      detail: command.description,
    }))
    return { options, hint: null }
  }
  const command = commands.find((candidate) => candidate.command === draft.slice(0, space))
  if (!command) return NONE
  const rest = draft.slice(space + 1)
  const hint = argumentHint(command) || null
  const choices = command.args[0]?.choices ?? []
  // Choices for the first argument only, while it is being typed.
  if (rest.includes(' ') || choices.length === 0) return { options: [], hint }
  const options = choices
    .filter((choice) => choice.toLowerCase().startsWith(rest.toLowerCase()) && choice !== rest)
    .slice(0, MAX_OPTIONS)
    .map((choice) => ({ id: `${command.command} ${choice}`, value: `${command.command} ${choice}`, label: choice, detail: '' }))
  return { options, hint }
}
