/**
 * What another app shared (the service worker stored it, src/sw/shareTarget.ts) lands in the composer of the
 * gateway and session the app opened with (the last used), as draft text and attachments; a picker moves it to
 * another gateway or session. Nothing is sent by itself. The stored share is deleted once no composer holds it
 * any more (sent, removed, discarded); until then a reload puts its images back.
 */
import { useEffect, useState } from 'react'
import { type OutboxAttachment, rolesOf, type ShareRecord, shareInbox } from '../../store'
import { defineMessages, LIST_FORMAT } from '../../i18n'
import { actions, useApp } from '../useApp'
import { useText } from '../useText'

const TEXT = defineMessages('compose.share', {
  shared:
    '{files, plural, =0 {Shared from another app: the text is in this message.} one {Shared from another app: the text and # image are in this message.} other {Shared from another app: the text and # images are in this message.}} Nothing is sent until you press Send.',
  sharedFilesOnly:
    '{files, plural, one {Shared from another app: # image is in this message.} other {Shared from another app: # images are in this message.}} Nothing is sent until you press Send.',
  refused: 'Not added (only images up to 50 MB, at most 10 at a time): {names}.',
  cut: 'The shared text was longer than {count, number} characters; the rest was left out.',
  unreadable: 'Something was shared with this app, but it could not be read or kept on this device.',
  gateway: 'Gateway',
  session: 'Chat',
  mainChat: 'Main chat',
  chat: 'Chat {key}',
  openChat: 'The open chat',
  move: 'Move there',
  discard: 'Discard shared items',
  picker: 'Where the shared items go',
  elsewhere: 'Another gateway or chat…',
})

const NONE: OutboxAttachment[] = []
/** gateway/share's SHARE_LIMITS.maxTextChars (the UI sees the gateway folder as types only). */
const SHARE_TEXT_LIMIT = 20_000
/** Per share, what this page put in a composer (so a remount does not put it there twice). */
const placedThisPage = new Map<string, { attachments: OutboxAttachment[]; text: string }>()

/** Takes a share's items out of a composer (moving it elsewhere, or discarding it). */
function takeOut(gatewayId: string, shareId: string): void {
  const placed = placedThisPage.get(shareId)
  placedThisPage.delete(shareId)
  if (!placed) return
  const chat = actions().chats[gatewayId]
  actions().setAttachments(
    gatewayId,
    (chat?.attachments ?? NONE).filter((attachment) => !placed.attachments.includes(attachment)),
  )
  const draft = chat?.draft ?? ''
  if (placed.text && draft.includes(placed.text)) actions().setDraft(gatewayId, draft.replace(placed.text, '').trim())
}

export function SharedIntoChat({ gatewayId, attach }: { gatewayId: string; attach(files: File[]): Promise<OutboxAttachment[]> }) {
  const [share, setShare] = useState<ShareRecord | null>(null)
  const [isUnreadable, setUnreadable] = useState(false)
  const [target, setTarget] = useState({ gatewayId, sessionKey: '' })
  /** Counts the shares done with here: the next one waiting (several may have come) is taken then. */
  const [done, setDone] = useState(0)
  const attachments = useApp((s) => s.chats[gatewayId]?.attachments ?? NONE)
  const draft = useApp((s) => s.chats[gatewayId]?.draft ?? '')
  const currentSession = useApp((s) => s.chats[gatewayId]?.sessionKey ?? '')
  const gateways = useApp((s) => s.gateways)
  const sessions = useApp((s) => s.sessions[target.gatewayId])
  const t = useText(TEXT)

  // biome-ignore lint/correctness/useExhaustiveDependencies: `done` changes when a share is done with, to take the next one waiting
  useEffect(() => {
    // The worker opened the app at ?share=<id>: the address is put back, so a reload does not say it again.
    const params = new URLSearchParams(location.search)
    if (params.has('share')) {
      setUnreadable(params.get('share') === 'unreadable')
      params.delete('share')
      history.replaceState(history.state, '', `${location.pathname}${params.size ? `?${params}` : ''}${location.hash}`)
    }
    let isCurrent = true
    void (async () => {
      const inbox = await shareInbox()
      // Placed in a gateway that was forgotten since: as good as placed nowhere.
      const saved = new Set(actions().gateways.map((gateway) => gateway.id))
      const isFree = (placedIn: string | null) => placedIn === null || !saved.has(placedIn)
      const next = (await inbox.pendingShares()).find((pending) => isFree(pending.placedIn) || pending.placedIn === gatewayId)
      if (!next || !isCurrent) return
      if (!placedThisPage.has(next.id)) {
        const text = inbox.shareText(next)
        const placed = { attachments: [] as OutboxAttachment[], text }
        placedThisPage.set(next.id, placed)
        // After a reload the draft kept the text (it is saved as typed); the images come back from the share.
        if (isFree(next.placedIn) && text) {
          const current = actions().chats[gatewayId]?.draft ?? ''
          actions().setDraft(gatewayId, current ? `${current}\n${text}` : text)
        }
        placed.attachments = await attach(next.files.map((file) => new File([file.blob], file.name, { type: file.type })))
        if (next.placedIn !== gatewayId) await inbox.markPlaced(next, gatewayId)
      }
      if (isCurrent) setShare(next)
    })()
    return () => {
      isCurrent = false
    }
  }, [gatewayId, attach, done])

  // Sent, removed by hand or edited away: no composer holds the share any more, so it is done with.
  useEffect(() => {
    const placed = share && placedThisPage.get(share.id)
    if (!share || !placed) return
    const isHere = placed.attachments.some((attachment) => attachments.includes(attachment)) || (placed.text !== '' && draft.includes(placed.text))
    if (isHere) return
    placedThisPage.delete(share.id)
    setShare(null)
    void shareInbox()
      .then((inbox) => inbox.dropShare(share.id))
      .then(() => setDone((count) => count + 1))
  }, [share, attachments, draft])

  if (!share) {
    return isUnreadable ? (
      <p className="composer-error" role="alert">
        {t('unreadable')}
      </p>
    ) : null
  }

  // Out of this composer first (the effect above must not take that for a send), then elsewhere or away.
  const release = () => {
    setShare(null)
    takeOut(gatewayId, share.id)
    return shareInbox()
  }
  const move = async () => {
    const sessionKey = target.sessionKey || null
    if (target.gatewayId === gatewayId) {
      if (sessionKey && sessionKey !== currentSession) await actions().openSession(gatewayId, sessionKey)
      return
    }
    // Placed nowhere until the other gateway's composer opens and takes it.
    await (await release()).markPlaced(share, null)
    actions().selectGateway(target.gatewayId)
    if (sessionKey) void actions().openSession(target.gatewayId, sessionKey)
  }
  const discard = async () => {
    await (await release()).dropShare(share.id)
    setDone((count) => count + 1)
  }

  const hasText = Boolean(share.title || share.text || share.url)
  const operatorGateways = gateways.filter((gateway) => rolesOf(gateway).includes('operator'))
  const targetSession = target.sessionKey || (target.gatewayId === gatewayId ? currentSession : '')
  const isElsewhere = target.gatewayId !== gatewayId || (targetSession !== '' && targetSession !== currentSession)
  return (
    <section className="share-bar" aria-label={t('picker')}>
      <p role="status">{hasText ? t('shared', { files: share.files.length }) : t('sharedFilesOnly', { files: share.files.length })}</p>
      {share.refused.length > 0 && <p>{t('refused', { names: LIST_FORMAT().format(share.refused.map((refused) => refused.name)) })}</p>}
      {share.cut && <p>{t('cut', { count: SHARE_TEXT_LIMIT })}</p>}
      <details>
        <summary>{t('elsewhere')}</summary>
        <div className="share-picker">
          <label>
            {t('gateway')}
            <select value={target.gatewayId} onChange={(event) => setTarget({ gatewayId: event.target.value, sessionKey: '' })}>
              {operatorGateways.map((gateway) => (
                <option key={gateway.id} value={gateway.id} translate="no">
                  {gateway.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('session')}
            <select value={targetSession} onChange={(event) => setTarget({ ...target, sessionKey: event.target.value })}>
              {!(sessions ?? []).some((session) => session.key === targetSession) && (
                <option value={targetSession}>{targetSession === '' ? t('mainChat') : t('openChat')}</option>
              )}
              {(sessions ?? []).map((session) => (
                <option key={session.key} value={session.key}>
                  {session.title ?? (session.isMain ? t('mainChat') : t('chat', { key: session.key }))}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => void move()} disabled={!isElsewhere}>
            {t('move')}
          </button>
          <button type="button" onClick={() => void discard()}>
            {t('discard')}
          </button>
        </div>
      </details>
    </section>
  )
}
