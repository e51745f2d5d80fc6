/**
 * The consent sheet a node's camera or location request puts in front of the user: one at a time,
 * shown through the store's `nodeConsent`, answered by the user's click. It also keeps each
 * gateway's "Allow for 1 hour" location grant (in memory only: a reload asks again) and which
 * sensors are on, for the indicator.
 *
 * NOTE: a request that comes while a sheet is up is answered "unanswered" at once rather than
 * replacing the sheet: swapping what a sheet asks under the user's finger would get a yes to
 * something the user did not read.
 */
import type { StoreApi } from 'zustand/vanilla'
import { grantUntil, isGrantLive, type ConsentAnswer, type ConsentKind, type ConsentRequest } from '../gateway/node'
import type { AppState } from './store'

export type NodeConsentPrompt = ConsentRequest & { gatewayId: string; askedAtMs: number }
export type SensorUse = { gatewayId: string; kind: ConsentKind }

export type ConsentQuestionOptions = {
  now(): number
  /** Calls back when the app leaves the screen (a sheet nobody sees is not answered); returns the unsubscribe. */
  onHidden?(listener: () => void): () => void
  /** Each answer, for the invocation log. */
  onAnswer?(gatewayId: string, request: ConsentRequest, answer: ConsentAnswer): void
}

export function createConsentQuestion(store: StoreApi<AppState>, options: ConsentQuestionOptions) {
  let pending: { finish: (answer: ConsentAnswer) => void; offHidden: () => void } | null = null
  const grants = new Map<string, number>()

  function ask(gatewayId: string, request: ConsentRequest, signal: AbortSignal): Promise<ConsentAnswer> {
    const answered = (answer: ConsentAnswer) => {
      options.onAnswer?.(gatewayId, request, answer)
      return Promise.resolve(answer)
    }
    if (request.kind === 'location' && isGrantLive(grants.get(gatewayId), options.now())) return answered('grant')
    if (pending || signal.aborted) return answered('unanswered')
    return new Promise((resolve) => {
      const finish = (answer: ConsentAnswer) => {
        if (pending?.finish !== finish) return
        pending.offHidden()
        pending = null
        store.setState({ nodeConsent: null })
        const until = grantUntil(answer, options.now())
        if (until !== undefined) grants.set(gatewayId, until)
        options.onAnswer?.(gatewayId, request, answer)
        resolve(answer)
      }
      pending = { finish, offHidden: options.onHidden?.(() => finish('unanswered')) ?? (() => {}) }
      store.setState({ nodeConsent: { ...request, gatewayId, askedAtMs: options.now() } })
      signal.addEventListener('abort', () => finish('unanswered'), { once: true })
    })
  }

  return {
    ask,

    /** The user's answer to the sheet on screen (ignored when none is). */
    answer(answer: Extract<ConsentAnswer, 'allow-once' | 'allow-hour' | 'deny'>): void {
      // "For 1 hour" is only offered for location; a camera sheet takes it as once.
      const shown = store.getState().nodeConsent
      pending?.finish(answer === 'allow-hour' && shown?.kind !== 'location' ? 'allow-once' : answer)
    },

    /** The camera or location went on or off for a gateway: the indicator follows. */
    setInUse(gatewayId: string, kind: ConsentKind, isInUse: boolean): void {
      const current = store.getState().sensorsInUse
      if (isInUse) {
        store.setState({ sensorsInUse: [...current, { gatewayId, kind }] })
        return
      }
      const index = current.findIndex((use) => use.gatewayId === gatewayId && use.kind === kind)
      if (index >= 0) store.setState({ sensorsInUse: current.filter((_, i) => i !== index) })
    },

    /** The gateway's node link went (or the gateway was forgotten): its sheet goes unanswered, its grant ends. */
    withdraw(gatewayId: string): void {
      grants.delete(gatewayId)
      if (store.getState().nodeConsent?.gatewayId === gatewayId) pending?.finish('unanswered')
    },

    /** The user switched location off: an hour granted before does not outlive it. */
    endGrant(gatewayId: string): void {
      grants.delete(gatewayId)
    },
  }
}
