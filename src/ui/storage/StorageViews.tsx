/**
 * What the user sees of the device's storage: the screen when it cannot be used, the Diagnostics
 * panel (problems found in the stored data, and whether the browser keeps it), and the note after
 * a Forget on how to remove the device on the gateway too. A chunk of its own: most sessions never
 * draw any of it.
 */
import { useEffect, useRef } from 'react'
import type { StorageHealth, StoreDiagnostic } from '../../store'
import { CommandText } from '../CommandText'
import { CopyButton } from '../CopyButton'
import { defineMessages } from '../../i18n'
import { actions, useApp } from '../useApp'
import { useText } from '../useText'

const TEXT = defineMessages('problems.storage', {
  unavailableTitle: 'This browser will not let the app store anything',
  unavailableWhy: 'The app keeps your gateways, its keys and your unsent messages in this browser’s storage (IndexedDB), and the browser refused it: {reason}.',
  noIndexedDb: 'this browser gives the app no IndexedDB',
  unavailableFix:
    'Private or incognito windows often block it, and so does a full disk. Open the app in a normal window, or free some space on the device, then reload. Nothing was written.',
  newerTitle: 'Reload to update',
  newerWhy:
    'The data on this device was written by a newer version of the app (storage version {stored}; this one reads up to {supported}). To keep it intact, this version writes nothing.',
  reload: 'Reload',
  diagnosticsTitle: 'Diagnostics',
  persistedYes: 'The browser agreed to keep this app’s storage (it will not clear it to free space).',
  persistedNo: 'The browser did not agree to keep this app’s storage: it may clear it when space runs low. Installing the app usually changes that.',
  persistedUnknown: 'The browser has not been asked yet to keep this app’s storage (it asks once a gateway is paired).',
  noProblems: 'No problems found in the stored data.',
  problemsIntro: 'Found in the stored data since the app started (unreadable records are kept aside, not deleted):',
  problemsList: 'Problems found',
  kindDropped: 'dropped',
  kindQuarantined: 'unreadable, kept aside',
  kindUnreadable: 'unreadable, left in place',
  kindSwept: '{count, plural, one {# record of no saved gateway, removed} other {# records of no saved gateway, removed}}',
  recordGateway: 'Saved gateway',
  recordSecrets: 'Tokens',
  recordIdentity: 'Device identity',
  recordOutbox: 'Queued messages',
  recordOutboxEntry: 'A queued message',
  recordDraft: 'Draft',
  recordHistory: 'Cached history',
  recordQuarantine: 'Records kept aside',
  close: 'Close diagnostics',
  forgottenTitle: '{label} is forgotten on this device',
  forgottenHow: 'The gateway still lists this device. To remove it there too, run on the gateway host:',
  forgottenNoId: 'This device never got an identity at that gateway, so there is nothing to remove there.',
  dismiss: 'Done',
})

const KIND_KEYS = {
  'dropped-record': 'kindDropped',
  'quarantined-record': 'kindQuarantined',
  'unreadable-record': 'kindUnreadable',
  'swept-orphans': 'kindSwept',
} as const satisfies Record<StoreDiagnostic['kind'], keyof typeof TEXT.en>

/** The store's names for records and databases (diagnostics.ts), as the panel says them. */
const RECORD_KEYS: Record<string, keyof typeof TEXT.en> = {
  gateway: 'recordGateway',
  secrets: 'recordSecrets',
  identity: 'recordIdentity',
  identities: 'recordIdentity',
  outbox: 'recordOutbox',
  'outbox entry': 'recordOutboxEntry',
  draft: 'recordDraft',
  drafts: 'recordDraft',
  history: 'recordHistory',
  quarantine: 'recordQuarantine',
}

/** What App draws of the storage above (or instead of) its screen: the note after a Forget, or why storage cannot be used. */
export function StorageScreens() {
  const health = useApp((s) => s.storage.health)
  return (
    <>
      <ForgottenNotice />
      {health && health.kind !== 'ok' && <StorageProblem health={health} />}
    </>
  )
}

export function StorageProblem({ health }: { health: Exclude<StorageHealth, { kind: 'ok' }> }) {
  const t = useText(TEXT)
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  return (
    <section className="panel" aria-labelledby="storage-problem-title" role="alert">
      <h2 id="storage-problem-title" ref={heading} tabIndex={-1}>
        {health.kind === 'unavailable' ? t('unavailableTitle') : t('newerTitle')}
      </h2>
      {health.kind === 'unavailable' ? (
        <>
          <p>{t('unavailableWhy', { reason: health.detail?.replace(/\.+$/, '') ?? t('noIndexedDb') })}</p>
          <p>{t('unavailableFix')}</p>
        </>
      ) : (
        <p>{t('newerWhy', { stored: health.stored, supported: health.supported })}</p>
      )}
      <button type="button" className="primary" onClick={() => globalThis.location.reload()}>
        {t('reload')}
      </button>
    </section>
  )
}

export function DiagnosticsPanel({ onClose }: { onClose: () => void }) {
  const problems = useApp((s) => s.storage.problems)
  const persisted = useApp((s) => s.storage.persisted)
  const t = useText(TEXT)
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    heading.current?.focus()
    void actions().refreshPersisted()
  }, [])
  return (
    <section className="panel diagnostics" aria-labelledby="diagnostics-title">
      <h2 id="diagnostics-title" ref={heading} tabIndex={-1}>
        {t('diagnosticsTitle')}
      </h2>
      <p>{persisted === true ? t('persistedYes') : persisted === false ? t('persistedNo') : t('persistedUnknown')}</p>
      {problems.length === 0 ? (
        <p>{t('noProblems')}</p>
      ) : (
        <>
          <p>{t('problemsIntro')}</p>
          <ul aria-label={t('problemsList')}>
            {problems.map((problem, index) => (
              <li key={index}>
                {/* A record name this version does not know is shown as the store gives it. */}
                <strong translate={RECORD_KEYS[problem.record] ? undefined : 'no'}>
                  {Object.hasOwn(RECORD_KEYS, problem.record) ? t(RECORD_KEYS[problem.record]!) : problem.record}
                </strong>
                : {t(KIND_KEYS[problem.kind], { count: problem.count ?? 0 })}
                {problem.issues.length > 0 && <span className="muted"> ({problem.issues.slice(0, 3).join('; ')})</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      <button type="button" onClick={onClose}>
        {t('close')}
      </button>
    </section>
  )
}

export function ForgottenNotice() {
  const forgotten = useApp((s) => s.storage.lastForgotten)
  const t = useText(TEXT)
  if (!forgotten) return null
  const command = forgotten.deviceId ? `openclaw devices remove ${forgotten.deviceId}` : null
  return (
    <section className="panel" aria-labelledby="forgotten-title" role="status">
      <h2 id="forgotten-title">{t('forgottenTitle', { label: forgotten.label })}</h2>
      {command ? (
        <>
          <p>{t('forgottenHow')}</p>
          <p className="command">
            <CommandText text={`\`${command}\``} />
          </p>
          <div className="row">
            <CopyButton text={command} />
          </div>
        </>
      ) : (
        <p>{t('forgottenNoId')}</p>
      )}
      <div className="row">
        <button type="button" onClick={() => actions().dismissForgotten()}>
          {t('dismiss')}
        </button>
      </div>
    </section>
  )
}
