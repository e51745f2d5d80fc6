import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import type { SessionRow } from '../../store'
import { defineMessages } from '../../i18n'
import { actions, useApp } from '../useApp'
import { useText } from '../useText'
import { useSessionTitle } from './sessionTitle'
import { useOutcome } from './useOutcome'

const TEXT = defineMessages('sessions.menu', {
  options: 'Chat options',
  rename: 'Rename',
  archive: 'Archive',
  restore: 'Restore',
  restoreNamed: 'Restore {title}',
  delete: 'Delete…',
  deleteNamed: 'Delete {title}…',
  archived: 'Archived chats',
  noArchived: 'No archived chats.',
  back: 'Back to chats',
  name: 'Chat name',
  save: 'Save',
  cancel: 'Cancel',
  confirmTitle: 'Delete this chat?',
  confirmBody: '“{title}” and all its messages are deleted from the gateway. This cannot be undone.',
  confirm: 'Delete',
  failed: 'That did not work: {reason}.',
  archivedDone: '“{title}” is archived.',
  restoredDone: '“{title}” is back in your chats.',
  deletedDone: '“{title}” is deleted.',
  renamedDone: 'Renamed to “{title}”.',
})
const controls = () => actions().sessionControls()

/** Asks before a delete: a modal dialog (Escape or Cancel keep the chat), Cancel focused first. */
function DeleteDialog({ title, onConfirm, onClose }: { title: string; onConfirm: () => void; onClose: () => void }) {
  const t = useText(TEXT)
  const dialog = useRef<HTMLDialogElement>(null)
  const cancel = useRef<HTMLButtonElement>(null)
  const id = useId()
  useEffect(() => {
    const sheet = dialog.current
    if (sheet && !sheet.open) sheet.showModal()
    cancel.current?.focus()
    return () => sheet?.close()
  }, [])
  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(event) => (event.preventDefault(), onClose())}
    >
      <h2 id={`${id}-title`}>{t('confirmTitle')}</h2>
      <p id={`${id}-body`}>{t('confirmBody', { title })}</p>
      <div className="row">
        <button ref={cancel} type="button" onClick={onClose}>
          {t('cancel')}
        </button>
        <button type="button" className="danger" onClick={onConfirm}>
          {t('confirm')}
        </button>
      </div>
    </dialog>
  )
}

type MenuProps = { gatewayId: string; session: SessionRow | undefined; isConnected: boolean; onShowArchived: () => void }

/** The open session's menu: rename, archive, delete (the main session is the gateway's own: rename only), the archived chats. */
export function SessionMenu({ gatewayId, session, isConnected, onShowArchived }: MenuProps) {
  const t = useText(TEXT)
  const [mode, setMode] = useState<'closed' | 'open' | 'rename' | 'delete'>('closed')
  const trigger = useRef<HTMLButtonElement>(null)
  const nameField = useRef<HTMLInputElement>(null)
  const menuId = useId()
  const { run, view } = useOutcome((reason) => t('failed', { reason }))
  const titleOf = useSessionTitle()
  const title = session ? titleOf(session) : ''

  /** Set when the menu button must get focus back once it is drawn again (after the rename form, the dialog). */
  const refocus = useRef(false)
  useEffect(() => {
    if (mode === 'rename') nameField.current?.select()
    if (mode === 'closed' && refocus.current) {
      refocus.current = false
      trigger.current?.focus()
    }
  }, [mode])

  const close = () => {
    refocus.current = true
    setMode('closed')
  }
  const act = async (work: () => Promise<unknown>, done: string) => {
    setMode('closed')
    await run(async () => (await work(), done))
    trigger.current?.focus()
  }
  const rename = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (!session) return
    const label = new FormData(event.currentTarget).get('name')?.toString() ?? ''
    void act(async () => (await controls()).rename(gatewayId, session.key, label), t('renamedDone', { title: label.trim() || title }))
  }

  if (mode === 'rename' && session) {
    return (
      <form className="rename-form" onSubmit={rename} onKeyDown={(event) => event.key === 'Escape' && close()}>
        <label>
          <span className="visually-hidden">{t('name')}</span>
          <input ref={nameField} name="name" defaultValue={session.title ?? ''} placeholder={title} aria-label={t('name')} maxLength={120} />
        </label>
        <button type="submit" className="primary">
          {t('save')}
        </button>
        <button type="button" onClick={close}>
          {t('cancel')}
        </button>
      </form>
    )
  }

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape anywhere in the open menu closes it; every control in it is a button.
    <div className="session-menu" onKeyDown={(event) => event.key === 'Escape' && mode === 'open' && close()}>
      <button
        ref={trigger}
        type="button"
        aria-expanded={mode === 'open'}
        aria-controls={menuId}
        aria-label={t('options')}
        disabled={!isConnected || !session}
        onClick={() => setMode(mode === 'open' ? 'closed' : 'open')}
      >
        <svg aria-hidden="true" width="20" height="20" viewBox="0 0 20 20" className="icon">
          <circle cx="4" cy="10" r="1.8" fill="currentColor" />
          <circle cx="10" cy="10" r="1.8" fill="currentColor" />
          <circle cx="16" cy="10" r="1.8" fill="currentColor" />
        </svg>
      </button>
      {mode === 'open' && session && (
        <ul id={menuId} className="session-menu-list" aria-label={t('options')}>
          <li>
            <button type="button" onClick={() => setMode('rename')}>
              {t('rename')}
            </button>
          </li>
          {!session.isMain && (
            <>
              <li>
                <button
                  type="button"
                  onClick={() => void act(async () => (await controls()).setArchived(gatewayId, session.key, true), t('archivedDone', { title }))}
                >
                  {t('archive')}
                </button>
              </li>
              <li>
                <button type="button" onClick={() => setMode('delete')}>
                  {t('delete')}
                </button>
              </li>
            </>
          )}
          <li>
            <button type="button" onClick={() => (setMode('closed'), onShowArchived())}>
              {t('archived')}
            </button>
          </li>
        </ul>
      )}
      {mode === 'delete' && session && (
        <DeleteDialog
          title={title}
          onClose={close}
          onConfirm={() => void act(async () => (await controls()).remove(gatewayId, session.key), t('deletedDone', { title }))}
        />
      )}
      {view}
    </div>
  )
}

const NO_SESSIONS: SessionRow[] = []

/** The archived chats: each can come back (Restore) or go for good (Delete, after asking). */
export function ArchivedSessions({ gatewayId, isConnected, onClose }: { gatewayId: string; isConnected: boolean; onClose: () => void }) {
  const t = useText(TEXT)
  const rows = useApp((s) => s.archivedSessions[gatewayId])
  const [deleting, setDeleting] = useState<SessionRow | null>(null)
  const heading = useRef<HTMLHeadingElement>(null)
  const { run, view } = useOutcome((reason) => t('failed', { reason }))
  const titleOf = useSessionTitle()
  const id = useId()

  // biome-ignore lint/correctness/useExhaustiveDependencies: loads once when shown (and again when the gateway reconnects).
  useEffect(() => {
    heading.current?.focus()
    if (isConnected) void run(async () => (await (await controls()).loadArchived(gatewayId), ''))
  }, [gatewayId, isConnected])

  return (
    <section className="archived-sessions" aria-labelledby={`${id}-heading`} onKeyDown={(event) => event.key === 'Escape' && !deleting && onClose()}>
      <h3 id={`${id}-heading`} ref={heading} tabIndex={-1}>
        {t('archived')}
      </h3>
      {rows && rows.length === 0 && <p className="muted">{t('noArchived')}</p>}
      <ul>
        {(rows ?? NO_SESSIONS).map((session) => {
          const title = titleOf(session)
          return (
            <li key={session.key}>
              <span translate={session.title ? 'no' : undefined}>{title}</span>
              <button
                type="button"
                disabled={!isConnected}
                aria-label={t('restoreNamed', { title })}
                onClick={() => {
                  // The row goes with the restore: focus stays in the list, on its heading.
                  heading.current?.focus()
                  void run(async () => (await (await controls()).setArchived(gatewayId, session.key, false), t('restoredDone', { title })))
                }}
              >
                {t('restore')}
              </button>
              <button type="button" disabled={!isConnected} aria-label={t('deleteNamed', { title })} onClick={() => setDeleting(session)}>
                {t('delete')}
              </button>
            </li>
          )
        })}
      </ul>
      <button type="button" onClick={onClose}>
        {t('back')}
      </button>
      {deleting && (
        <DeleteDialog
          title={titleOf(deleting)}
          onClose={() => setDeleting(null)}
          onConfirm={() => {
            const title = titleOf(deleting)
            setDeleting(null)
            heading.current?.focus()
            void run(async () => (await (await controls()).remove(gatewayId, deleting.key), t('deletedDone', { title })))
          }}
        />
      )}
      {view}
    </section>
  )
}
