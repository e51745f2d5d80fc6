import type { ErrorView } from '../../store'
import { CommandText } from '../CommandText'
import { useText } from '../useText'
import { pairingErrorText } from './pairingErrorText'
import { defineMessages } from '../../i18n'

// Nothing of its own to say; subscribing re-renders the error when the language changes.
const TEXT = defineMessages('errors.message', {})

/**
 * A specific message for bad input. A chunk of its own with its words (the 'errors' part): most
 * pairings never show one, so neither the onboarding screen nor its catalog carries them.
 */
/** A specific message for bad input: what is wrong, then what to do about it. */
export function ErrorMessage({ error }: { error: ErrorView }) {
  useText(TEXT)
  const { message, fix } = pairingErrorText(error)
  return (
    <div className="error" role="alert" data-error-code={error.code}>
      <p className="error-message">
        <CommandText text={message} />
      </p>
      {fix && (
        <p className="error-fix">
          <CommandText text={fix} />
        </p>
      )}
    </div>
  )
}
