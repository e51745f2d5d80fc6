import { useMemo } from 'react'
import { chatItems, type GatewayRecord } from '../../store'
import { useApp } from '../useApp'
import { Composer } from './Composer'
import { SessionsNav } from './SessionsNav'
import { Transcript } from './Transcript'

export function ChatPanel({ gateway }: { gateway: GatewayRecord }) {
  const chat = useApp((s) => s.chats[gateway.id])
  const isConnected = useApp((s) => s.statuses[gateway.id]?.phase === 'connected')
  const items = useMemo(() => chatItems(chat), [chat])
  const isStreaming = items.some((item) => item.kind === 'reply' && item.state === 'streaming')
  const emptyText = chat?.historyState === 'loading' ? 'Loading the conversation…' : 'No messages yet. Say hello.'
  return (
    <section className="chat-layout" aria-labelledby="chat-title">
      <h2 id="chat-title" className="visually-hidden">
        Chat with {gateway.label}
      </h2>
      <SessionsNav gatewayId={gateway.id} isConnected={isConnected} />
      <div className="chat">
        <Transcript key={chat?.sessionKey ?? 'none'} gatewayId={gateway.id} items={items} hasOlder={chat?.hasOlder ?? false} olderError={chat?.olderError ?? null} isConnected={isConnected} emptyText={emptyText} />
        <Composer gatewayId={gateway.id} isStreaming={isStreaming} />
      </div>
    </section>
  )
}
