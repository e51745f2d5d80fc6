import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import type { ChatItem } from '../../store'
import { defineMessages } from '../../i18n'
import { actions } from '../useApp'
import { useText } from '../useText'
import { MessageItem } from './MessageItem'
import { keepReadingPosition, readingPosition, type ReadingPosition } from './readingPosition'

/** How many messages are mounted at first; a long history renders a page at a time as you scroll up. */
export const RENDER_PAGE = 60

const TEXT = defineMessages('chat.transcript', {
  messages: 'Messages',
  showEarlier: 'Show earlier messages',
  earlierFailed: 'Earlier messages did not load: {reason}.',
  tryAgain: 'Try again',
  earlierOffline: 'Earlier messages load once the gateway is connected.',
})

type Props = { gatewayId: string; items: ChatItem[]; hasOlder: boolean; olderError: string | null; isConnected: boolean; emptyText: string }

export function Transcript({ gatewayId, items, hasOlder, olderError, isConnected, emptyText }: Props) {
  const list = useRef<HTMLDivElement>(null)
  const top = useRef<HTMLLIElement>(null)
  const [shown, setShown] = useState(RENDER_PAGE)
  const t = useText(TEXT)
  const isNearBottom = useRef(true)
  const position = useRef<ReadingPosition | null>(null)
  const visible = items.length > shown ? items.slice(items.length - shown) : items
  const hasMoreHere = items.length > shown
  // Earlier pages come from the gateway: only while connected, and not again by itself after a
  // failure (the reader asks with "Try again"), or a failing page would be asked for in a loop.
  const canAskGateway = hasOlder && isConnected && !olderError
  const canShowMore = hasMoreHere || canAskGateway

  const showMore = () => {
    if (hasMoreHere) setShown((count) => count + RENDER_PAGE)
    else if (canAskGateway)
      void actions()
        .loadOlder(gatewayId)
        .then(() => setShown((count) => count + RENDER_PAGE))
  }
  const tryAgain = () => void actions().loadOlder(gatewayId)

  const remember = () => {
    const element = list.current
    if (!element) return
    isNearBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 80
    // At the bottom the newest message is what is kept in view; no place to remember.
    position.current = isNearBottom.current ? null : readingPosition(element)
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the visible items change; the refs it reads are not dependencies.
  useLayoutEffect(() => {
    const element = list.current
    if (!element) return
    // Keep the newest message in view while it streams, unless the reader scrolled up; then keep
    // what they read where it was, whatever went in above or below.
    if (isNearBottom.current) element.scrollTop = element.scrollHeight
    else keepReadingPosition(element, position.current)
    remember()
  }, [visible])

  useEffect(() => {
    const element = top.current
    if (!element || !canShowMore || typeof IntersectionObserver === 'undefined') return
    const observer = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && showMore(), { root: list.current })
    observer.observe(element)
    return () => observer.disconnect()
  })

  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a keyboard must be able to scroll the conversation when it holds nothing else to focus (axe: scrollable-region-focusable).
    <div ref={list} className="transcript" tabIndex={0} role="log" aria-label={t('messages')} aria-live="polite" aria-relevant="additions" onScroll={remember}>
      <ol className="transcript-list">
        {canShowMore ? (
          <li ref={top} className="load-older">
            <button type="button" onClick={showMore}>
              {t('showEarlier')}
            </button>
          </li>
        ) : hasOlder && olderError ? (
          <li className="load-older">
            <p className="load-older-note" role="alert">
              {t('earlierFailed', { reason: olderError })}
            </p>
            <button type="button" onClick={tryAgain} disabled={!isConnected}>
              {t('tryAgain')}
            </button>
          </li>
        ) : (
          hasOlder && (
            <li className="load-older">
              <p className="load-older-note muted">{t('earlierOffline')}</p>
            </li>
          )
        )}
        {items.length === 0 && <li className="muted empty">{emptyText}</li>}
        {visible.map((item) => (
          <MessageItem key={item.id} gatewayId={gatewayId} item={item} isConnected={isConnected} />
        ))}
      </ol>
    </div>
  )
}
