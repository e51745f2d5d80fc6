/**
 * The way in: from a scanned, pasted, uploaded or typed gateway to a saved gateway with a chosen
 * role. Nothing is written to IndexedDB until the user confirms.
 */
import type { StateCreator } from 'zustand/vanilla'
import { probeGatewayUrls, type Role } from '../gateway'
import type { PairingError } from '../pairing'
import { defaultDeviceName } from './deviceName'
import { rolesOf } from './gatewayRecords'
import type { AppState, StoreDeps } from './store'
import { saveInitialSecrets } from './vaultStorage'

export type PairingSource = 'scan' | 'paste' | 'upload' | 'manual'
export type OnboardingMethod = 'scan' | 'paste' | 'upload' | 'manual'
export type ErrorView = { code: string; message: string; fix?: string }

export type PairingDraft = {
  source: PairingSource
  urls: string[]
  bootstrap?: { token: string; expiresAtMs?: number }
  shared?: { token: string } | { password: string }
  deviceName: string
  role: Role
  /** Re-pairing an existing gateway (new code or new role) keeps its record and identity. */
  targetGatewayId?: string
  /** Pairing the target gateway in one more role: its other role and that role's token stay as they are. */
  addRole?: Role
}

export type OnboardingState =
  | { step: 'closed' }
  | { step: 'choose'; method?: OnboardingMethod; error?: ErrorView; targetGatewayId?: string; addRole?: Role }
  | { step: 'confirm'; draft: PairingDraft; error?: ErrorView }
  | { step: 'probing'; draft: PairingDraft }

export type OnboardingSlice = {
  onboarding: OnboardingState
  /** Which gateway URL answered, said once after pairing ("Connected via …"). */
  lastProbeNote: string | null
  openOnboarding(options?: { method?: OnboardingMethod; targetGatewayId?: string; addRole?: Role }): void
  chooseMethod(method: OnboardingMethod): void
  closeOnboarding(): void
  dismissProbeNote(): void
  showPairingError(error: PairingError | ErrorView): void
  submitSetupText(text: string, source: Exclude<PairingSource, 'manual'>): Promise<void>
  submitManual(input: { url: string; token?: string; password?: string }): Promise<void>
  confirmPairing(choice: { deviceName: string; role: Role }): Promise<void>
}

const toView = (error: PairingError | ErrorView): ErrorView => ({ code: error.code, message: error.message, fix: error.fix })

function hostLabel(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

export const createOnboardingSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], OnboardingSlice> =>
  (set, get) => {
    // The setup-code and URL parsers, with all their messages, load with the first pairing attempt:
    // a returning user's chat screen never needs them.
    async function loadPairing(): Promise<typeof import('../pairing') | undefined> {
      try {
        return await import('../pairing')
      } catch {
        get().showPairingError({ code: 'load_failed', message: 'Part of the app could not be loaded, so the code was not checked.', fix: 'Check the connection and reload the page; nothing was saved yet.' })
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
    const toConfirm = (draft: Omit<PairingDraft, 'deviceName' | 'role' | 'targetGatewayId' | 'addRole'>) => {
      const targetGatewayId = target()
      const existing = get().gateways.find((gateway) => gateway.id === targetGatewayId)
      const deviceName = existing?.deviceName ?? defaultDeviceName(deps.userAgent)
      const adding = existing ? addRole() : {}
      set({ onboarding: { step: 'confirm', draft: { ...draft, deviceName, role: adding.addRole ?? existing?.role ?? 'operator', targetGatewayId, ...adding } } })
    }

    return {
      onboarding: { step: 'closed' },
      lastProbeNote: null,

      openOnboarding(options = {}) {
        set({ onboarding: { step: 'choose', method: options.method, targetGatewayId: options.targetGatewayId, ...(options.addRole ? { addRole: options.addRole } : {}) } })
      },

      chooseMethod(method) {
        set({ onboarding: { step: 'choose', method, targetGatewayId: target(), ...addRole() } })
      },

      dismissProbeNote() {
        set({ lastProbeNote: null })
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
        const pairing = await loadPairing()
        if (!pairing) return
        const parsed = pairing.parsePairingInput(text, { nowMs: Date.now(), pageProtocol: deps.pageProtocol })
        if (!parsed.ok) {
          get().showPairingError(parsed.error)
          return
        }
        const { urls, bootstrapToken, expiresAtMs } = parsed.payload
        toConfirm({ source, urls, bootstrap: { token: bootstrapToken, expiresAtMs } })
      },

      async submitManual({ url, token, password }) {
        const pairing = await loadPairing()
        if (!pairing) return
        const checked = pairing.parseManualGatewayUrl(url, { pageProtocol: deps.pageProtocol })
        if (!checked.ok) {
          get().showPairingError(checked.error)
          return
        }
        const secret = token?.trim() ? { token: token.trim() } : password ? { password } : undefined
        if (!secret) {
          get().showPairingError({ code: 'missing_secret', message: 'Enter the gateway token or password so the gateway can let this device in.', fix: 'Find it with `openclaw config get gateway.auth.token` on the gateway host.' })
          return
        }
        // NOTE: Tailscale Serve publishes the gateway on 443, so a typed wss://host:18789 often only works without the port.
        const portless = pairing.withoutPort(checked.url)
        const urls = portless && checked.url.startsWith('wss://') ? [checked.url, portless] : [checked.url]
        toConfirm({ source: 'manual', urls, shared: secret })
      },

      async confirmPairing({ deviceName, role }) {
        const state = get().onboarding
        if (state.step !== 'confirm') return
        const draft = { ...state.draft, deviceName: deviceName.trim().slice(0, 64) || defaultDeviceName(deps.userAgent), role }
        if (draft.bootstrap?.expiresAtMs !== undefined && draft.bootstrap.expiresAtMs <= Date.now()) {
          set({ onboarding: { step: 'confirm', draft, error: { code: 'expired', message: 'This setup code expired while it was on screen.', fix: 'Run `openclaw qr` on the gateway host and scan the new code.' } } })
          return
        }
        set({ onboarding: { step: 'probing', draft } })
        const probe = await probeGatewayUrls(draft.urls, deps.socketFactory)
        if (!probe.ok) {
          set({
            onboarding: {
              step: 'confirm',
              draft,
              error: {
                code: 'unreachable',
                message: `No gateway answered at ${probe.tried.join(' or ')}.`,
                fix: 'Check that the gateway is running and reachable from this device, and that the address is right.',
              },
            },
          })
          return
        }
        const existing = get().gateways.find((gateway) => gateway.id === draft.targetGatewayId)
        const id = existing?.id ?? deps.newId()
        await saveInitialSecrets(id, { bootstrap: draft.bootstrap, shared: draft.shared })
        const candidateUrls = [probe.url, ...draft.urls.filter((url) => url !== probe.url)]
        if (existing && draft.addRole && draft.role !== existing.role) {
          // One more role on a saved gateway: the other role's connection is left alone.
          await get().addRole(id, draft.role, { url: probe.url, candidateUrls, deviceName: draft.deviceName })
        } else {
          // A new code for the same role keeps the gateway's other roles and switches; a new role replaces them.
          const kept = existing && existing.role === draft.role && rolesOf(existing).length > 1 ? { roles: existing.roles, setupCodeRole: draft.role } : {}
          const switches = existing?.nodeCommandsOff && existing.role === draft.role ? { nodeCommandsOff: existing.nodeCommandsOff } : {}
          await get().addGateway({
            v: 1,
            id,
            url: probe.url,
            candidateUrls,
            label: existing?.label ?? hostLabel(probe.url),
            deviceName: draft.deviceName,
            role: draft.role,
            createdAtMs: existing?.createdAtMs ?? Date.now(),
            ...kept,
            ...switches,
          })
        }
        const note = draft.urls.length > 1 ? `Connected via ${probe.url}.` : null
        set({ onboarding: { step: 'closed' }, lastProbeNote: note })
      },
    }
  }
