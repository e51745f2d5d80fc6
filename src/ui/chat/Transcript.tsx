import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import type { ChatItem } from '../../store'
import { actions } from '../useApp'
import { MessageItem } from './MessageItem'

/** How many messages are mounted at first; a long history renders a page at a time as you scroll up. */
export const RENDER_PAGE = 60

type Props = { gatewayId: string; items: ChatItem[]; hasOlder: boolean; isConnected: boolean; emptyText: string }

export function Transcript({ gatewayId, items, hasOlder, isConnected, emptyText }: Props) {
  const list = useRef<HTMLDivElement>(null)
  const top = useRef<HTMLLIElement>(null)
  const [shown, setShown] = useState(RENDER_PAGE)
  const isNearBottom = useRef(true)
  const visible = items.length > shown ? items.slice(items.length - shown) : items
  const canShowMore = items.length > shown || hasOlder

  const showMore = () => {
    if (items.length > shown) setShown((count) => count + RENDER_PAGE)
    else if (hasOlder) void actions().loadOlder(gatewayId).then(() => setShown((count) => count + RENDER_PAGE))
  }

  // Keep the newest message in view while it streams, unless the reader scrolled up.
  useLayoutEffect(() => {
    const element = list.current
    if (element && isNearBottom.current) element.scrollTop = element.scrollHeight
  }, [visible])

  useEffect(() => {
    const element = top.current
    if (!element || !canShowMore || typeof IntersectionObserver === 'undefined') return
    const observer = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && showMore(), { root: list.current })
    observer.observe(element)
    return () => observer.disconnect()
  })

  const onScroll = () => {
    const element = list.current
    if (element) isNearBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 80
  }

  return (
    <div ref={list} className="transcript" role="log" aria-label="Messages" aria-live="polite" aria-relevant="additions" onScroll={onScroll}>
      <ol className="transcript-list">
        {canShowMore && (
          <li ref={top} className="load-older">
            <button type="button" onClick={showMore}>
              Show earlier messages
            </button>
          </li>
        )}
        {items.length === 0 && <li className="muted empty">{emptyText}</li>}
        {visible.map((item) => (
          <MessageItem key={item.id} gatewayId={gatewayId} item={item} isConnected={isConnected} />
        ))}
      </ol>
    </div>
  )
}
