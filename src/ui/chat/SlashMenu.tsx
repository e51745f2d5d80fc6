import { useEffect, useId, useMemo, useState, type KeyboardEvent, type RefObject } from 'react'
import type { SlashCommand } from '../../store'
import { defineMessages } from '../../i18n'
import { actions } from '../useApp'
import { useText } from '../useText'
import { matchSlash } from './slashMatch'
import './slashMenu.css'

const TEXT = defineMessages('sessions.commands', {
  commands: 'Commands',
  count: '{count, plural, =0 {No command matches.} one {# command} other {# commands}}',
  arguments: 'Arguments: {hint}',
})

/** The composer hands its key presses here first; true when the menu used the key. */
export type SlashKeys = { onKey(event: KeyboardEvent<HTMLTextAreaElement>): boolean }

type Props = { gatewayId: string; draft: string; textareaId: string; keys: RefObject<SlashKeys | null> }

/**
 * The slash-command menu under the composer (`commands.list`): a listbox the composer's text box
 * controls (aria-activedescendant), ArrowUp/ArrowDown to move, Enter or Tab to take a command,
 * Escape to close; with a command typed, its argument hint and the choices of its first argument.
 */
export function SlashMenu({ gatewayId, draft, textareaId, keys }: Props) {
  const t = useText(TEXT)
  const id = useId()
  const sessionKey = actions().chats[gatewayId]?.sessionKey ?? 'main'
  const [commands, setCommands] = useState<SlashCommand[]>([])
  const [active, setActive] = useState(0)
  const [dismissedAt, setDismissedAt] = useState<string | null>(null)
  const match = useMemo(() => matchSlash(draft, commands), [draft, commands])
  const isOpen = dismissedAt !== draft && match.options.length > 0
  const activeIndex = Math.min(active, match.options.length - 1)
  const optionId = (index: number) => `${id}-option-${index}`

  useEffect(() => {
    let live = true
    // Read each time the menu opens: the choices follow the session's model and skills, which change between visits.
    void actions()
      .sessionControls()
      .then((controls) => controls.commands(gatewayId, sessionKey))
      .then(
        (found) => live && setCommands(found),
        () => undefined,
      )
    return () => {
      live = false
    }
  }, [gatewayId, sessionKey])

  // Gone (the draft no longer starts with "/"): the composer's keys are its own again.
  useEffect(
    () => () => {
      keys.current = null
    },
    [keys],
  )

  // A new word typed starts at the top again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: resets on every change of the draft.
  useEffect(() => setActive(0), [draft])

  // The text box is the combobox's input: it names the list it controls and the option in focus.
  useEffect(() => {
    const box = document.getElementById(textareaId)
    if (!box) return
    if (isOpen) {
      box.setAttribute('aria-autocomplete', 'list')
      box.setAttribute('aria-controls', `${id}-list`)
      box.setAttribute('aria-activedescendant', optionId(activeIndex))
    }
    return () => {
      box.removeAttribute('aria-autocomplete')
      box.removeAttribute('aria-controls')
      box.removeAttribute('aria-activedescendant')
    }
  })

  const choose = (index: number) => {
    const option = match.options[index]
    if (option) actions().setDraft(gatewayId, option.value)
  }

  keys.current = {
    onKey(event) {
      if (!isOpen || event.nativeEvent.isComposing) return false
      const count = match.options.length
      const move = (to: number) => (event.preventDefault(), setActive((to + count) % count), true)
      if (event.key === 'ArrowDown') return move(activeIndex + 1)
      if (event.key === 'ArrowUp') return move(activeIndex - 1)
      if (event.key === 'Escape') return (event.preventDefault(), setDismissedAt(draft), true)
      const option = match.options[activeIndex]
      // Enter on a command typed in full sends it; Tab or Enter on a partial one completes it.
      if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
        if (!option || option.value.trim() === draft.trim()) return false
        event.preventDefault()
        choose(activeIndex)
        return true
      }
      return false
    },
  }

  return (
    <div className="slash-menu">
      {isOpen && (
        <div id={`${id}-list`} role="listbox" aria-label={t('commands')}>
          {match.options.map((option, index) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard works the list from the text box (aria-activedescendant).
            <div
              key={option.id}
              id={optionId(index)}
              role="option"
              tabIndex={-1}
              aria-selected={index === activeIndex}
              // The text box keeps focus: a tap takes the option without closing the keyboard.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(index)}
              translate="no"
            >
              <span className="slash-command">{option.label}</span>
              {option.detail && <span className="slash-detail">{option.detail}</span>}
            </div>
          ))}
        </div>
      )}
      {match.hint && (
        <p className="slash-hint" translate="no">
          {t('arguments', { hint: match.hint })}
        </p>
      )}
      <p className="visually-hidden" role="status">
        {draft.includes(' ') || dismissedAt === draft ? '' : t('count', { count: match.options.length })}
      </p>
    </div>
  )
}
