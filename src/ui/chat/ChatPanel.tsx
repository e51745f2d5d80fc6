import { useMemo } from 'react'
import { chatItems, type GatewayRecord } from '../../store'
import { useApp } from '../useApp'
import { Composer } from './Composer'
import { MessageItem } from './MessageItem'

export function ChatPanel({ gateway }: { gateway: GatewayRecord }) {
  const chat = useApp((s) => s.chats[gateway.id])
  const isConnected = useApp((s) => s.statuses[gateway.id]?.phase === 'connected')
  const items = useMemo(() => chatItems(chat), [chat])
  const isStreaming = items.some((item) => item.kind === 'reply' && item.state === 'streaming')
  return (
    <section className="chat" aria-labelledby="chat-title">
      <h2 id="chat-title" className="visually-hidden">
        Chat with {gateway.label}
      </h2>
      <ol className="transcript" role="log" aria-label="Messages" aria-live="polite">
        {items.length === 0 && <li className="muted empty">{chat?.historyState === 'loading' ? 'Loading the conversation…' : 'No messages yet. Say hello.'}</li>}
        {items.map((item) => (
          <MessageItem key={item.id} gatewayId={gateway.id} item={item} isConnected={isConnected} />
        ))}
      </ol>
      <Composer gatewayId={gateway.id} isStreaming={isStreaming} />
    </section>
  )
}
