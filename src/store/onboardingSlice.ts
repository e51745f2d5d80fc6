/**
 * The way in: from a scanned, pasted, uploaded or typed gateway to a saved gateway with a chosen
 * role. Nothing is written to IndexedDB until the user confirms.
 */
import type { StateCreator } from 'zustand/vanilla'
import type { Role } from '../gateway'
import type { PairingError } from '../pairing'
import { lazyChunk } from './lazyChunk'
import type { PairingFlow } from './pairingFlow'
import type { AppState, StoreDeps } from './store'

export type PairingSource = 'scan' | 'paste' | 'upload' | 'manual'
export type OnboardingMethod = 'scan' | 'paste' | 'upload' | 'manual'
/** A pairing error for the screen: `message`/`fix` in English; the UI translates by `code` and `params`. */
export type ErrorView = { code: string; message: string; fix?: string; params?: Record<string, string | number> }

export type PairingDraft = {
  source: PairingSource
  urls: string[]
  bootstrap?: { token: string; expiresAtMs?: number }
  shared?: { token: string } | { password: string }
  /**
   * The setup code's SHA-256 certificate pin for its first address. A browser cannot pin a certificate
   * (it trusts what the device trusts), so it is only shown: the confirm screen says what to do instead.
   */
  tlsFingerprint?: string
  deviceName: string
  role: Role
  /** Re-pairing an existing gateway (new code or new role) keeps its record and identity. */
  targetGatewayId?: string
  /** Pairing the target gateway in one more role: its other role and that role's token stay as they are. */
  addRole?: Role
  /**
   * The code names none of the target gateway's known addresses (codeTarget.ts): the confirm screen
   * says so, and pairing makes a new gateway unless the user says it is the same one at a new address.
   */
  differentGateway?: true
}

/** What the user settles on the confirm screen. */
export type PairingChoice = {
  deviceName: string
  role: Role
  /** For a `differentGateway` draft: "Same gateway, new address" (proved before anything moves) instead of a new gateway. */
  sameGatewayNewAddress?: boolean
}

export type OnboardingState =
  | { step: 'closed' }
  | { step: 'choose'; method?: OnboardingMethod; error?: ErrorView; targetGatewayId?: string; addRole?: Role }
  | { step: 'confirm'; draft: PairingDraft; error?: ErrorView }
  | { step: 'probing'; draft: PairingDraft }

export type OnboardingSlice = {
  onboarding: OnboardingState
  /** The address that answered when a setup code listed several (the UI says "Connected via …" once). */
  lastProbeUrl: string | null
  openOnboarding(options?: { method?: OnboardingMethod; targetGatewayId?: string; addRole?: Role }): void
  chooseMethod(method: OnboardingMethod): void
  closeOnboarding(): void
  dismissProbeNote(): void
  showPairingError(error: PairingError | ErrorView): void
  submitSetupText(text: string, source: Exclude<PairingSource, 'manual'>): Promise<void>
  submitManual(input: { url: string; token?: string; password?: string }): Promise<void>
  confirmPairing(choice: PairingChoice): Promise<void>
}

const toView = (error: PairingError | ErrorView): ErrorView => ({ code: error.code, message: error.message, fix: error.fix, params: error.params })

export const createOnboardingSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], OnboardingSlice> =>
  (set, get) => {
    // The pairing steps and the setup-code and URL parsers, with all their messages, load with the
    // first pairing attempt: a returning user's chat screen never needs them. Once loaded they run
    // at once (no await first), so "Connect" shows "probing" in the same tick.
    const flow = lazyChunk(() => import('./pairingFlow').then((module) => module.createPairingFlow(deps, set, get)))
    async function loadFlow(): Promise<PairingFlow | undefined> {
      try {
        return await flow.load()
      } catch {
        get().showPairingError({
          code: 'load_failed',
          message: 'Part of the app could not be loaded, so the code was not checked.',
          fix: 'Check the connection and reload the page; nothing was saved yet.',
        })
        return undefined
      }
    }

    const target = (): string | undefined => {
      const state = get().onboarding
      return state.step === 'choose' ? state.targetGatewayId : undefined
    }
    const addRole = (): { addRole?: Role } => {
      const state = get().onboarding
      return state.step === 'choose' && state.addRole ? { addRole: state.addRole } : {}
    }

    return {
      onboarding: { step: 'closed' },
      lastProbeUrl: null,

      openOnboarding(options = {}) {
        set({
          onboarding: {
            step: 'choose',
            method: options.method,
            targetGatewayId: options.targetGatewayId,
            ...(options.addRole ? { addRole: options.addRole } : {}),
          },
        })
      },

      chooseMethod(method) {
        set({ onboarding: { step: 'choose', method, targetGatewayId: target(), ...addRole() } })
      },

      dismissProbeNote() {
        set({ lastProbeUrl: null })
      },

      closeOnboarding() {
        set({ onboarding: { step: 'closed' } })
      },

      showPairingError(error) {
        const state = get().onboarding
        const method = state.step === 'choose' ? state.method : undefined
        set({ onboarding: { step: 'choose', method, error: toView(error), targetGatewayId: target(), ...addRole() } })
      },

      async submitSetupText(text, source) {
        await (flow.loaded() ?? (await loadFlow()))?.submitSetupText(text, source)
      },

      async submitManual(input) {
        await (flow.loaded() ?? (await loadFlow()))?.submitManual(input)
      },

      async confirmPairing(choice) {
        await (flow.loaded() ?? (await loadFlow()))?.confirmPairing(choice)
      },
    }
  }
