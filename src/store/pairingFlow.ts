/**
 * The pairing steps that check and act on what the user entered: parse a setup code or a typed URL,
 * then on "Connect" probe the gateway's addresses and save it. A chunk of its own, loaded with the
 * first pairing attempt together with the parsers (../pairing): a returning user's chat never needs
 * it. The state it moves through is the onboarding slice's (onboardingSlice.ts).
 */
import type { StoreApi } from 'zustand/vanilla'
import { probeGatewayUrls } from '../gateway'
import { parseManualGatewayUrl, parsePairingInput, withoutPort } from '../pairing'
import { defaultDeviceName } from './deviceName'
import { rolesOf } from './gatewayRecords'
import type { OnboardingSlice, PairingDraft } from './onboardingSlice'
import type { AppState, StoreDeps } from './store'
import { saveInitialSecrets } from './vaultStorage'

export type PairingFlow = Pick<OnboardingSlice, 'submitSetupText' | 'submitManual' | 'confirmPairing'>

function hostLabel(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

export function createPairingFlow(deps: StoreDeps, set: StoreApi<AppState>['setState'], get: () => AppState): PairingFlow {
  const choosing = () => {
    const state = get().onboarding
    return state.step === 'choose' ? state : undefined
  }
  const toConfirm = (draft: Omit<PairingDraft, 'deviceName' | 'role' | 'targetGatewayId' | 'addRole'>) => {
    const targetGatewayId = choosing()?.targetGatewayId
    const existing = get().gateways.find((gateway) => gateway.id === targetGatewayId)
    const deviceName = existing?.deviceName ?? defaultDeviceName(deps.userAgent)
    const addRole = choosing()?.addRole
    const adding = existing && addRole ? { addRole } : {}
    set({ onboarding: { step: 'confirm', draft: { ...draft, deviceName, role: adding.addRole ?? existing?.role ?? 'operator', targetGatewayId, ...adding } } })
  }

  return {
    async submitSetupText(text, source) {
      const parsed = parsePairingInput(text, { nowMs: Date.now(), pageProtocol: deps.pageProtocol })
      if (!parsed.ok) {
        get().showPairingError(parsed.error)
        return
      }
      const { urls, bootstrapToken, expiresAtMs } = parsed.payload
      toConfirm({ source, urls, bootstrap: { token: bootstrapToken, expiresAtMs } })
    },

    async submitManual({ url, token, password }) {
      const checked = parseManualGatewayUrl(url, { pageProtocol: deps.pageProtocol })
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
      const portless = withoutPort(checked.url)
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
