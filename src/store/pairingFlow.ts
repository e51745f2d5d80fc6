/**
 * The pairing steps that check and act on what the user entered: parse a setup code or a typed URL,
 * then on "Connect" probe the gateway's addresses and save it. A chunk of its own, loaded with the
 * first pairing attempt together with the parsers (../pairing): a returning user's chat never needs
 * it. The state it moves through is the onboarding slice's (onboardingSlice.ts).
 */
import type { StoreApi } from 'zustand/vanilla'
import { gatewayAddress, probeGatewayUrls } from '../gateway'
import { parseManualGatewayUrl, readPairingInput, withoutPort } from '../pairing'
import { moveProvenTokens, proveSameGateway, type AddressProof } from './addressProof'
import { decideCodeTarget, knownAddresses } from './codeTarget'
import { defaultDeviceName } from './deviceName'
import { rolesOf, type GatewayRecord } from './gatewayRecords'
import type { ErrorView, OnboardingSlice, PairingDraft } from './onboardingSlice'
import type { AppState, StoreDeps } from './store'
import { saveInitialSecrets } from './vaultStorage'

const TEXT = {
  notProven: (label: string, url: string, reason: Exclude<AddressProof, { proven: true }>['reason']) =>
    reason === 'no-token-to-compare'
      ? `This device holds no token of ${label} (none was issued, or it was revoked), so nothing can prove that ${url} is the same gateway.`
      : reason === 'timeout'
        ? `The gateway at ${url} did not answer in time, so it could not prove it is ${label}.`
        : `The gateway at ${url} did not recognise this device, so it is not ${label}. Nothing of ${label} was sent to it.`,
  notProvenFix:
    'Choose “Add as a new gateway” (run `openclaw qr` on that gateway again first: this code is now tied to this device), or scan a code from the gateway you meant.',
} as const

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
  const toConfirm = (draft: Omit<PairingDraft, 'deviceName' | 'role' | 'targetGatewayId' | 'addRole' | 'differentGateway'>) => {
    const targetGatewayId = choosing()?.targetGatewayId
    const existing = get().gateways.find((gateway) => gateway.id === targetGatewayId)
    const deviceName = existing?.deviceName ?? defaultDeviceName(deps.userAgent)
    const addRole = choosing()?.addRole
    const adding = existing && addRole ? { addRole } : {}
    // A code for a saved gateway is paired over the addresses that gateway is known by, and only those.
    const target = existing ? decideCodeTarget(existing, draft.urls) : undefined
    const urls = target?.kind === 'same' ? target.urls : draft.urls
    const different = target?.kind === 'different' ? { differentGateway: true as const } : {}
    const role = adding.addRole ?? existing?.role ?? 'operator'
    set({ onboarding: { step: 'confirm', draft: { ...draft, urls, deviceName, role, targetGatewayId, ...adding, ...different } } })
  }
  const failConfirm = (draft: PairingDraft, error: ErrorView) => set({ onboarding: { step: 'confirm', draft, error } })

  /** "Same gateway, new address": only a proof lets anything of the saved gateway move (addressProof.ts). */
  async function provenAt(record: GatewayRecord, url: string, draft: PairingDraft): Promise<boolean> {
    const known = knownAddresses(record)
    const proof: AddressProof = draft.bootstrap
      ? await proveSameGateway({ deps, record, knownAddresses: known, url, bootstrapToken: draft.bootstrap.token })
      : { proven: false, reason: 'no-token-to-compare' }
    if (!proof.proven) {
      const variant = proof.reason === 'no-token-to-compare' ? 'no_token' : proof.reason === 'timeout' ? 'timeout' : 'not_recognised'
      const params = { variant, label: record.label, address: url }
      failConfirm(draft, { code: 'not_same_gateway', message: TEXT.notProven(record.label, url, proof.reason), fix: TEXT.notProvenFix, params })
      return false
    }
    await moveProvenTokens(record.id, known, gatewayAddress(url))
    return true
  }

  return {
    async submitSetupText(text, source) {
      const parsed = readPairingInput(text, { nowMs: Date.now(), pageProtocol: deps.pageProtocol })
      if (!parsed.ok) {
        get().showPairingError(parsed.error)
        return
      }
      if ('link' in parsed) {
        // An openclaw://gateway link is what "Enter manually" takes: an address and the gateway's own secret.
        toConfirm({ source, urls: [parsed.link.url], shared: parsed.link.shared })
        return
      }
      const { urls, bootstrapToken, expiresAtMs, tlsFingerprint } = parsed.setup
      toConfirm({ source, urls, bootstrap: { token: bootstrapToken, expiresAtMs }, ...(tlsFingerprint ? { tlsFingerprint } : {}) })
    },

    async submitManual({ url, token, password }) {
      const checked = parseManualGatewayUrl(url, { pageProtocol: deps.pageProtocol })
      if (!checked.ok) {
        get().showPairingError(checked.error)
        return
      }
      const secret = token?.trim() ? { token: token.trim() } : password ? { password } : undefined
      if (!secret) {
        get().showPairingError({
          code: 'missing_secret',
          message: 'Enter the gateway token or password so the gateway can let this device in.',
          fix: 'Find it with `openclaw config get gateway.auth.token` on the gateway host.',
        })
        return
      }
      // NOTE: Tailscale Serve publishes the gateway on 443, so a typed wss://host:18789 often only works without the port.
      const portless = withoutPort(checked.url)
      const urls = portless && checked.url.startsWith('wss://') ? [checked.url, portless] : [checked.url]
      toConfirm({ source: 'manual', urls, shared: secret })
    },

    async confirmPairing({ deviceName, role, sameGatewayNewAddress }) {
      const state = get().onboarding
      if (state.step !== 'confirm') return
      const draft = { ...state.draft, deviceName: deviceName.trim().slice(0, 64) || defaultDeviceName(deps.userAgent), role }
      if (draft.bootstrap?.expiresAtMs !== undefined && draft.bootstrap.expiresAtMs <= Date.now()) {
        set({
          onboarding: {
            step: 'confirm',
            draft,
            error: {
              code: 'expired',
              message: 'This setup code expired while it was on screen.',
              fix: 'Run `openclaw qr` on the gateway host and scan the new code.',
            },
          },
        })
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
              params: { addresses: probe.tried.join(', ') },
              fix: 'Check that the gateway is running and reachable from this device, and that the address is right.',
            },
          },
        })
        return
      }
      // A different gateway becomes a gateway of its own (new id, new device key) unless the user
      // says it is the same one at a new address and the gateway there proves it.
      const movesAddress = draft.differentGateway && sameGatewayNewAddress === true
      const target = get().gateways.find((gateway) => gateway.id === draft.targetGatewayId)
      const existing = draft.differentGateway && !movesAddress ? undefined : target
      if (movesAddress && target && !(await provenAt(target, probe.url, draft))) return
      const id = existing?.id ?? deps.newId()
      const addresses = draft.urls.map(gatewayAddress)
      await saveInitialSecrets(id, {
        bootstrap: draft.bootstrap && { ...draft.bootstrap, addresses },
        shared: draft.shared && { ...draft.shared, addresses },
      })
      const previousUrls = movesAddress && existing ? existing.candidateUrls : []
      const candidateUrls = [...new Set([probe.url, ...draft.urls, ...previousUrls])]
      const addsRole = existing && draft.addRole && draft.role !== existing.role
      if (addsRole && !movesAddress) {
        // One more role on a saved gateway: the other role's connection is left alone.
        await get().addRole(id, draft.role, { url: probe.url, candidateUrls, deviceName: draft.deviceName })
      } else {
        // A new code for the same role keeps the gateway's other roles and switches; a new role replaces them.
        // A proven new address restarts every role there (their tokens moved with it), the added one too.
        const kept = addsRole
          ? { roles: [...rolesOf(existing).filter((r) => r !== draft.role), draft.role], setupCodeRole: draft.role }
          : existing && existing.role === draft.role && rolesOf(existing).length > 1
            ? { roles: existing.roles, setupCodeRole: draft.role }
            : {}
        const firstRole = addsRole ? existing.role : draft.role
        const switches = existing?.nodeCommandsOff && existing.role === firstRole ? { nodeCommandsOff: existing.nodeCommandsOff } : {}
        await get().addGateway({
          v: 1,
          id,
          url: probe.url,
          candidateUrls,
          label: existing?.label ?? hostLabel(probe.url),
          deviceName: draft.deviceName,
          role: firstRole,
          createdAtMs: existing?.createdAtMs ?? Date.now(),
          ...kept,
          ...switches,
        })
      }
      set({ onboarding: { step: 'closed' }, lastProbeUrl: draft.urls.length > 1 ? probe.url : null })
    },
  }
}
