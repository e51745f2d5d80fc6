import { Suspense, useMemo } from 'react'
import { chatItems, type GatewayRecord } from '../../store'
import { defineMessages } from '../../i18n'
import { useApp } from '../useApp'
import { lazyScreen, useText } from '../useText'
import { Composer } from './Composer'
import { Transcript } from './Transcript'

// The agent's requests (cards, their text, the live region that announces them) load once the
// gateway's operator link has approvals attached, not with the first screen.
const ApprovalCards = lazyScreen('approvals', () => import('../approvals/ApprovalCards').then((module) => module.ApprovalCards))

// The session list, its menu and search: a chunk of its own (the list arrives after connecting anyway).
const SessionsNav = lazyScreen('sessions', () => import('./SessionsNav').then((module) => module.SessionsNav))

// The open chat's model and thinking pickers: loaded once the gateway is connected.
const SessionSettings = lazyScreen('sessions', () => import('./SessionSettings').then((module) => module.SessionSettings))

const TEXT = defineMessages('chat.panel', {
  loading: 'Loading the conversation…',
  empty: 'No messages yet. Say hello.',
  title: 'Chat with {gateway}',
  /** Shown in a tab that follows: messages typed here are delivered by the tab that leads. */
  sentFromAnotherTab: 'Another open tab of this app sends the messages you type here.',
})

export function ChatPanel({ gateway }: { gateway: GatewayRecord }) {
  const chat = useApp((s) => s.chats[gateway.id])
  const isConnected = useApp((s) => s.statuses[gateway.id]?.phase === 'connected')
  const isFollower = useApp((s) => s.leadership[gateway.id] === 'follower')
  const items = useMemo(() => chatItems(chat), [chat])
  const hasApprovals = useApp((s) => gateway.id in s.approvals)
  const isStreaming = items.some((item) => item.kind === 'reply' && item.state === 'streaming')
  const t = useText(TEXT)
  const emptyText = chat?.historyState === 'loading' ? t('loading') : t('empty')
  return (
    <section className="chat-layout" aria-labelledby="chat-title">
      <h2 id="chat-title" className="visually-hidden">
        {t('title', { gateway: gateway.label })}
      </h2>
      <Suspense fallback={<div className="sessions" />}>
        <SessionsNav gatewayId={gateway.id} isConnected={isConnected} />
      </Suspense>
      <div className="chat">
        <Transcript
          key={chat?.sessionKey ?? 'none'}
          gatewayId={gateway.id}
          items={items}
          hasOlder={chat?.hasOlder ?? false}
          olderError={chat?.olderError ?? null}
          isConnected={isConnected}
          emptyText={emptyText}
        />
        <p className="tab-note" role="status">
          {isFollower ? t('sentFromAnotherTab') : ''}
        </p>
        {hasApprovals && (
          <Suspense fallback={null}>
            <ApprovalCards gatewayId={gateway.id} sessionKey={chat?.sessionKey ?? null} />
          </Suspense>
        )}
        {isConnected && (
          <Suspense fallback={null}>
            <SessionSettings gatewayId={gateway.id} isConnected={isConnected} />
          </Suspense>
        )}
        <Composer gatewayId={gateway.id} isStreaming={isStreaming} />
      </div>
    </section>
  )
}
