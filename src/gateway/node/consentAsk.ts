/**
 * Asks the user on the app's consent sheet (the store shows it) and always comes back with an
 * answer before the invocation's deadline: the sheet is taken down and the request counts as
 * unanswered when the wait runs out, the gateway cancels, or the app shows the sheet no longer.
 */
import type { CameraSession } from './browserApis'
import { consentWaitMs, type ConsentAnswer, type ConsentKind } from './consentPolicy'
import { withTimeout, type InvokeContext } from './handler'

export type ConsentRequest =
  | { kind: 'camera'; invokeId: string; preview: CameraSession['preview']; facing?: 'front' | 'back' }
  | { kind: 'location'; invokeId: string; accuracy: 'coarse' | 'balanced' | 'precise' }

/**
 * The app's side: show the sheet (or answer at once, e.g. from a live "for 1 hour" grant) and
 * resolve with the user's answer; when `signal` aborts, take the sheet down (the answer is no longer read).
 */
export type AskConsent = (request: ConsentRequest, signal: AbortSignal) => Promise<ConsentAnswer>

type Unsent<T> = T extends unknown ? Omit<T, 'invokeId'> : never

export async function askConsent(ask: AskConsent, request: Unsent<ConsentRequest>, context: InvokeContext): Promise<ConsentAnswer> {
  const kind: ConsentKind = request.kind
  const sheet = new AbortController()
  const onCancel = () => sheet.abort()
  context.signal.addEventListener('abort', onCancel, { once: true })
  try {
    if (context.signal.aborted) return 'unanswered'
    const asked = ask({ ...request, invokeId: context.invokeId } as ConsentRequest, sheet.signal)
    const answered = new Promise<ConsentAnswer>((resolve) => {
      asked.then(resolve, () => resolve('unanswered'))
      sheet.signal.addEventListener('abort', () => resolve('unanswered'), { once: true })
    })
    return await withTimeout(answered, consentWaitMs(kind, context.remainingMs()), () => 'unanswered' as const)
  } finally {
    // Whichever way it ended, the sheet goes.
    sheet.abort()
    context.signal.removeEventListener('abort', onCancel)
  }
}
